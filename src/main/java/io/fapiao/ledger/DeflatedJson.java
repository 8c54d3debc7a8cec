package io.fapiao.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An order's JSON as the ledger keeps it ({@code fapiao_order.order_json_deflated}): UTF-8, deflated (zlib). Ten
 * lines of order are 2-4 KB of text and about half a kilobyte deflated; the fastest level is kept, as an order is
 * deflated once and read back only when it is sent again, asked about or reported from the ledger.
 */
final class DeflatedJson {

    /** Deflaters kept for the next order: each holds about 260 KB outside the heap, so only a few are kept. */
    private static final BlockingQueue<Deflater> IDLE = new ArrayBlockingQueue<>(8);

    private DeflatedJson() {
    }

    /** The text deflated; null stays null. */
    static byte[] deflate(String json) {
        if (json == null) {
            return null;
        }
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = IDLE.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.BEST_SPEED);
        }
        try {
            deflater.setInput(text);
            deflater.finish();
            // JSON deflates to a fraction of its size; the buffer grows for the text that does not
            byte[] out = new byte[Math.max(64, text.length / 3)];
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.reset();
            if (!IDLE.offer(deflater)) {
                deflater.end();
            }
        }
    }

    /** The text back; null stays null. */
    static String inflate(byte[] deflated) {
        if (deflated == null) {
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream text = new ByteArrayOutputStream(deflated.length * 5);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                text.write(buffer, 0, n);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("an order's deflated JSON in the ledger is cut short");
                }
            }
            return text.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("an order's deflated JSON in the ledger is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
