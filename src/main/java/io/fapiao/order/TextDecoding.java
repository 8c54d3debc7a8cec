package io.fapiao.order;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A reader that recognises the encoding of an ERP export by itself: a BOM (UTF-8, UTF-16), else UTF-8 when the
 * bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312). ASCII text reads the same in all of them,
 * so the choice is made at the first non-ASCII byte, by looking ahead from there: memory stays bounded however
 * long the ASCII prefix is. Undecodable bytes become U+FFFD, which the order checks report per field.
 */
public final class TextDecoding extends Reader {

    public static final Charset GB18030 = Charset.forName("GB18030");
    private static final int LOOK_AHEAD = 64 * 1024;

    private final BufferedInputStream in;
    private Reader decided;
    private Charset charset;

    private TextDecoding(InputStream in) {
        this.in = new BufferedInputStream(in, LOOK_AHEAD + 16);
    }

    public static TextDecoding open(InputStream in) throws IOException {
        TextDecoding reader = new TextDecoding(in);
        reader.readBom();
        return reader;
    }

    /** The encoding recognised so far; null while only ASCII has been read. */
    public Charset charset() {
        return charset;
    }

    private void readBom() throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            decide(StandardCharsets.UTF_8);
            return;
        }
        in.reset();
        if (b0 == 0xFF && b1 == 0xFE || b0 == 0xFE && b1 == 0xFF) {
            in.skip(2);
            decide(b0 == 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        }
    }

    private void decide(Charset cs) {
        charset = cs;
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        decided = new InputStreamReader(in, decoder);
    }

    /**
     * At the first non-ASCII byte: UTF-8 when what follows reads as UTF-8 with at most a stray bad sequence (a cut-off
     * last sequence is fine); GBK text read as UTF-8 breaks on nearly every character, so the two are far apart.
     * A stray bad byte in a UTF-8 file then shows as U+FFFD in its field, which the checks reject, rather than
     * turning the whole file into wrong characters that would be issued.
     */
    private void sniff() throws IOException {
        in.mark(LOOK_AHEAD);
        byte[] sample = in.readNBytes(LOOK_AHEAD);
        in.reset();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(sample.length + 1);
        utf8.decode(ByteBuffer.wrap(sample), chars, sample.length < LOOK_AHEAD);
        chars.flip();
        int nonAscii = 0;
        int bad = 0;
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (c == '\uFFFD') {
                bad++;
            } else if (c >= 0x80) {
                nonAscii++;
            }
        }
        decide(bad <= Math.max(1, nonAscii / 100) ? StandardCharsets.UTF_8 : GB18030);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (decided != null) {
            return decided.read(buf, off, len);
        }
        int n = 0;
        while (n < len) {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return n == 0 ? -1 : n;
            }
            if (b >= 0x80) {
                in.reset();
                sniff();
                return n > 0 ? n : decided.read(buf, off, len);
            }
            buf[off + n++] = (char) b;
            if (b == '\n') {
                break;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
