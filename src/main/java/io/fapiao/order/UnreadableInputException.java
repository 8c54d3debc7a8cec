package io.fapiao.order;

/** An input that cannot be read as orders at all (no header, required columns missing, not JSON): nothing in it is issued. */
public class UnreadableInputException extends RuntimeException {

    private final long line;
    private final String zh;
    private final String en;

    public UnreadableInputException(long line, String zh, String en) {
        super(en);
        this.line = line;
        this.zh = zh;
        this.en = en;
    }

    public Problem problem() {
        return new Problem(line, "", zh, en);
    }
}
