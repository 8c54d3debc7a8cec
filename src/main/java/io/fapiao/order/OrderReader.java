package io.fapiao.order;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;

/** The orders of one input, read as a stream: {@link OrderJsonReader} or {@link OrderCsvReader}. */
public interface OrderReader extends Iterator<OrderDraft>, Closeable {

    /**
     * The reader for an input by its name: JSON for a name ending in {@code .json}, CSV with {@code delimiter}
     * otherwise. Throws {@link UnreadableInputException} when the input cannot be read at all (a CSV without its
     * required columns, say).
     */
    static OrderReader open(String name, InputStream in, char delimiter) throws IOException {
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return new OrderJsonReader(name, TextDecoding.open(in));
        }
        return new OrderCsvReader(name, in, delimiter);
    }
}
