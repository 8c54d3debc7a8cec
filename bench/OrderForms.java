import io.fapiao.flow.Drops;
import io.fapiao.flow.Issuing;
import io.fapiao.order.Field;
import io.fapiao.order.OrderDraft;
import io.fapiao.order.OrderReader;
import io.fapiao.order.UnreadableInputException;
import io.fapiao.tax.Checked;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.yun2.Yun2Mapping;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The FPKJ payloads of a user's order file, for the benchmark's raw client ({@code --orders-file}): the file read,
 * checked and mapped by the bundle's own classes, so that the raw client sends byte for byte what the bundle will.
 * Run by the harness with the bundle's jar on the class path:
 *
 * <pre>
 *   java -cp target/fapiao-camel.jar bench/OrderForms.java FILE SELLER OUT [DELIMITER]
 * </pre>
 *
 * Writes to OUT one line per order the bundle will send: the {@code data=…} parameter of its FPKJ form, URL-encoded
 * (the raw client puts its vendor's {@code spid=…&} before it). Orders the bundle rejects are not written: the checks
 * refuse them, their number cannot be a key or is repeated, or their seller is not SELLER (the one seller the
 * benchmark configures). DELIMITER is the bundle's {@code fapiao.csv.delimiter} ({@code ,} by default, {@code \t} for
 * a tab). Prints {@code FORMS orders=N sendable=M}.
 */
public class OrderForms {

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: java -cp target/fapiao-camel.jar bench/OrderForms.java FILE SELLER OUT [DELIMITER]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String seller = args[1];
        Path out = Path.of(args[2]);
        char delimiter = Drops.delimiter(args.length > 3 ? args[3] : ",");
        OrderRules rules = new OrderRules(seller);
        Set<String> seen = new HashSet<>();
        int orders = 0;
        int sendable = 0;
        try (InputStream in = Files.newInputStream(file);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            OrderReader drafts;
            try {
                drafts = OrderReader.open(file.getFileName().toString(), in, delimiter);
            } catch (UnreadableInputException e) {
                System.out.println("UNREADABLE " + e.getMessage());
                System.exit(3);
                return;
            }
            try {
                while (drafts.hasNext()) {
                    OrderDraft draft = drafts.next();
                    orders++;
                    String orderNo = draft.value(Field.ORDER_NO);
                    String taxId = Issuing.sellerOf(draft, seller);
                    boolean first = seen.add(orderNo);
                    // rejected by the bundle: a number or seller that cannot be a key, a repeated number, another seller
                    if (!first || !Issuing.keyable(orderNo, taxId) || !taxId.equals(seller)) {
                        continue;
                    }
                    Checked checked = rules.check(draft);
                    if (!checked.ok()) {
                        continue;
                    }
                    String form = Yun2Mapping.fpkjForm("-", List.of(checked.order()));
                    w.write(form.substring(form.indexOf('&') + 1));
                    w.newLine();
                    sendable++;
                }
            } finally {
                drafts.close();
            }
        }
        System.out.printf("FORMS orders=%d sendable=%d%n", orders, sendable);
    }
}
