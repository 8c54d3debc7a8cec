package io.fapiao.flow;

import io.fapiao.ledger.Drop;
import io.fapiao.order.OrderStatus;
import io.fapiao.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The board itself: no line for an input done within the first interval, none for a one-order input, none when off. */
class ProgressBoardTest {

    private static List<String> progressLines(LogCapture log) {
        return log.lines().stream().filter(l -> l.startsWith(ProgressBoard.class.getName() + " ")).toList();
    }

    @Test
    void anInputDoneBeforeTheFirstIntervalGetsNoProgressLineALongOneDoes() throws Exception {
        try (LogCapture log = new LogCapture(); ProgressBoard board = new ProgressBoard(Duration.ofMillis(200))) {
            board.start();
            Drop quick = new Drop(1, "local:h:/in", "quick.csv", "quick.csv");
            board.open(quick, 100);
            board.read(quick, 2);
            board.outcome(quick, OrderStatus.ISSUED);
            board.summary(quick, Map.of(OrderStatus.ISSUED, 1), "results/quick.csv.result.csv");

            Drop message = new Drop(2, "message", "M1.json", "M1.json");
            board.open(message, 100);
            Drop api = new Drop(3, "api:1", "A1.json", "A1.json");
            board.open(api, 100);

            Drop slow = new Drop(4, "sftp:erp", "slow.csv", "slow.csv");
            board.open(slow, 1000);
            try (InputStream in = board.counted(slow, new ByteArrayInputStream(new byte[250]))) {
                in.readAllBytes();
            }
            board.read(slow, 11);
            for (int i = 0; i < 10; i++) {
                board.read(slow, 12 + i);
                board.outcome(slow, i < 8 ? OrderStatus.ISSUED : i < 9 ? OrderStatus.REJECTED : OrderStatus.PENDING);
            }
            Thread.sleep(500);
            List<String> lines = progressLines(log);
            assertTrue(lines.size() >= 1, lines::toString);
            assertTrue(lines.stream().allMatch(l -> l.contains("File slow.csv: 21 lines read, 10 orders done — 8 issued, "
                    + "1 pending, 1 rejected, 0 failed; ")), lines::toString);
            // a quarter of the bytes read, 11 orders read: about 44 in all, 34 to go
            assertTrue(lines.get(0).contains(" left"), lines::toString);
            assertEquals(4 - 1, board.inFlight());
            String summary = board.summary(slow, Map.of(OrderStatus.ISSUED, 8, OrderStatus.REJECTED, 1,
                    OrderStatus.PENDING, 1), "results/slow.csv.result.csv");
            assertTrue(summary.startsWith("21 lines, 10 orders — 8 issued, 1 pending, 1 rejected, 0 failed; "), summary);
            board.done(message);
            board.done(api);
            assertEquals(0, board.inFlight());
        }
    }

    @Test
    void zeroTurnsProgressLinesOff() throws Exception {
        try (LogCapture log = new LogCapture(); ProgressBoard board = new ProgressBoard(Duration.ZERO)) {
            board.start();
            Drop slow = new Drop(1, "local:h:/in", "off.csv", "off.csv");
            board.open(slow, 1000);
            Thread.sleep(300);
            assertEquals(List.of(), progressLines(log));
            assertTrue(board.summary(slow, Map.of(), "results/off.csv.result.csv").contains("0 orders"));
        }
    }

    @Test
    void durationsReadAsAPersonReadsThem() {
        assertEquals("50 ms", ProgressBoard.seconds(0.05));
        assertEquals("0.5 s", ProgressBoard.seconds(0.5));
        assertEquals("12 s", ProgressBoard.seconds(12.2));
        assertEquals("3 min 5 s", ProgressBoard.seconds(185));
    }
}
