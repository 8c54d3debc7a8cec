package io.fapiao.order;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderCsvReaderTest {

    private static final Charset GBK = Charset.forName("GBK");

    private static List<OrderDraft> read(byte[] bytes) throws IOException {
        try (OrderCsvReader r = new OrderCsvReader("t.csv", new ByteArrayInputStream(bytes), ',')) {
            List<OrderDraft> out = new ArrayList<>();
            r.forEachRemaining(out::add);
            return out;
        }
    }

    @Test
    void readsGbkWithChineseHeaders() throws IOException {
        String csv = "单据号,发票种类,购方名称,商品名称,金额,税率,税收分类编码\n"
                + "A1,普票,杭州西湖茶叶有限公司,龙井茶,880.00,13%,1030307000000000000\n"
                + "A1,普票,杭州西湖茶叶有限公司,茶具套装,300.00,13%,1060512990000000000\n"
                + "A2,专票,北京朝阳软件服务有限公司,软件服务,5000,6%,3040201000000000000\n";
        List<OrderDraft> orders = read(csv.getBytes(GBK));
        assertEquals(2, orders.size());
        assertEquals(2, orders.get(0).rows().size());
        assertEquals("杭州西湖茶叶有限公司", orders.get(0).value(Field.BUYER_NAME));
        assertEquals("茶具套装", orders.get(0).rows().get(1).get(Field.ITEM_NAME));
        assertEquals(2, orders.get(0).firstLine());
        assertEquals(4, orders.get(1).firstLine());
        assertEquals(2, orders.get(1).seq());
    }

    @Test
    void readsUtf8WithBomAndCrlfAndEnglishHeadersInAnyCase() throws IOException {
        String csv = " Order_No ,INVOICE_TYPE,buyer_name,item_name,amount,tax_rate,tax_code\r\n"
                + "B1,normal,上海浦东科技有限公司,笔记本电脑,100,0.13,1090511010000000000\r\n";
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        List<OrderDraft> orders = read(withBom);
        assertEquals("B1", orders.get(0).value(Field.ORDER_NO));
        assertEquals("上海浦东科技有限公司", orders.get(0).value(Field.BUYER_NAME));
        assertEquals("1090511010000000000", orders.get(0).rows().get(0).get(Field.TAX_CODE));
    }

    @Test
    void keepsQuotedCommasAndLineBreaksAndCountsPhysicalLines() throws IOException {
        String csv = "order_no,invoice_type,buyer_name,buyer_address_phone,item_name,amount,tax_rate,tax_code,remark\r\n"
                + "C1,normal,\"深圳南山电子有限公司\",\"深圳市南山区科技园路1号, 0755-88886666\",\"数据线, USB-C\",100,13,"
                + "1090511990000000000,\"第一行\r\n第二行 \"\"引号\"\"\"\r\n"
                + "C2,normal,福州贸易商行,,文具,10,13,1060301020000000000,\r\n";
        List<OrderDraft> orders = read(csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, orders.size());
        OrderDraft c1 = orders.get(0);
        assertEquals("深圳市南山区科技园路1号, 0755-88886666", c1.value(Field.BUYER_ADDRESS_PHONE));
        assertEquals("数据线, USB-C", c1.rows().get(0).get(Field.ITEM_NAME));
        assertEquals("第一行\r\n第二行 \"引号\"", c1.value(Field.REMARK));
        assertEquals(2, c1.firstLine());
        assertEquals(4, orders.get(1).firstLine(), "the quoted line break counts as a line");
    }

    @Test
    void recognisesGbkAfterALongAsciiPrefix() throws IOException {
        StringBuilder csv = new StringBuilder("order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\n");
        for (int i = 0; i < 5000; i++) {
            csv.append("X").append(i).append(",normal,ACME Ltd,Widget,10,13,1090511990000000000\n");
        }
        csv.append("Y1,normal,福州鼓楼贸易商行,办公用品,10,13,1060301020000000000\n");
        List<OrderDraft> orders = read(csv.toString().getBytes(GBK));
        assertEquals(5001, orders.size());
        assertEquals("福州鼓楼贸易商行", orders.get(5000).value(Field.BUYER_NAME));
        assertEquals(5002, orders.get(5000).firstLine());
    }

    @Test
    void readsGb18030Characters() throws IOException {
        String csv = "order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\n"
                + "G1,normal,𠀀䶮商行,镕铂,10,13,1060301020000000000\n";
        List<OrderDraft> orders = read(csv.getBytes(Charset.forName("GB18030")));
        assertEquals("𠀀䶮商行", orders.get(0).value(Field.BUYER_NAME));
    }

    @Test
    void ordersAreContiguousRowsAndARowWithoutNumberStandsAlone() throws IOException {
        String csv = "order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\n"
                + "D1,normal,a,x,1,13,1\nD1,normal,a,y,1,13,1\n,normal,a,z,1,13,1\n,normal,a,z,1,13,1\nD1,normal,a,w,1,13,1\n";
        List<OrderDraft> orders = read(csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, orders.size());
        assertEquals(List.of(2, 1, 1, 1), orders.stream().map(o -> o.rows().size()).toList());
        assertEquals(6, orders.get(3).firstLine());
    }

    @Test
    void skipsBlankLinesButCountsThem() throws IOException {
        String csv = "order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\n\n"
                + "E1,normal,a,x,1,13,1\n,,,,,,\nE2,normal,a,x,1,13,1\n";
        List<OrderDraft> orders = read(csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, orders.size());
        assertEquals(3, orders.get(0).firstLine());
        assertEquals(5, orders.get(1).firstLine());
    }

    @Test
    void namesUnknownColumnsAndReportsRowsWithTooManyValues() throws IOException {
        String csv = "order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code,erp_internal_id\n"
                + "F1,normal,a,x,1,13,1,99,oops\n";
        try (OrderCsvReader r = new OrderCsvReader("t.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), ',')) {
            assertEquals(List.of("erp_internal_id"), r.unknownColumns());
            OrderDraft d = r.next();
            assertEquals(1, d.rows().get(0).readProblems().size());
            assertEquals(2, d.rows().get(0).readProblems().get(0).line());
        }
    }

    @Test
    void aFileWithoutTheRequiredColumnsCannotBeRead() {
        UnreadableInputException e = assertThrows(UnreadableInputException.class,
                () -> read("order_no,buyer_name\nA,b\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.problem().en().contains("invoice_type"));
        assertTrue(e.problem().zh().contains("发票种类"));
        assertThrows(UnreadableInputException.class, () -> read(new byte[0]));
    }

    @Test
    void undecodableBytesBecomeAProblemOfThatField() throws IOException {
        byte[] head = "order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\nH1,normal,".getBytes(StandardCharsets.UTF_8);
        byte[] name = "上海".getBytes(StandardCharsets.UTF_8);
        byte[] tail = ",x,1,13,1030307000000000000\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + name.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(name, 0, all, head.length, name.length);
        all[head.length + name.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, all, head.length + name.length + 1, tail.length);
        OrderDraft d = read(all).get(0);
        assertTrue(d.value(Field.BUYER_NAME).contains("\uFFFD"));
        var checked = new io.fapiao.tax.OrderRules("91310115MA1K4B2X34").check(d);
        assertFalse(checked.ok());
        assertEquals("buyer_name", checked.problems().get(0).field());
    }

    @Test
    void streamsWithoutHoldingTheFile() throws IOException {
        long rows = 200_000;
        InputStream huge = new InputStream() {
            private final byte[] head = "order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\n"
                    .getBytes(StandardCharsets.UTF_8);
            private byte[] current = head;
            private int pos;
            private long row;

            @Override
            public int read() {
                if (pos == current.length) {
                    if (row == rows) {
                        return -1;
                    }
                    current = ("S" + row++ + ",普票,杭州西湖茶叶有限公司,龙井茶,100,13,1030307000000000000\n")
                            .getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                return current[pos++] & 0xFF;
            }
        };
        long count = 0;
        try (OrderCsvReader r = new OrderCsvReader("big.csv", huge, ',')) {
            while (r.hasNext()) {
                r.next();
                count++;
            }
        }
        assertEquals(rows, count);
    }

    @Test
    void aStrayBadByteInUtf8DoesNotTurnTheFileIntoGbk() throws IOException {
        StringBuilder csv = new StringBuilder("order_no,invoice_type,buyer_name,item_name,amount,tax_rate,tax_code\n");
        for (int i = 0; i < 200; i++) {
            csv.append("U").append(i).append(",普票,杭州西湖茶叶有限公司,龙井茶,10,13,1030307000000000000\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        int at = csv.substring(0, csv.indexOf("U5,")).getBytes(StandardCharsets.UTF_8).length
                + "U5,普票,".getBytes(StandardCharsets.UTF_8).length;
        bytes[at] = (byte) 0xFF;
        List<OrderDraft> orders = read(bytes);
        assertEquals("杭州西湖茶叶有限公司", orders.get(0).value(Field.BUYER_NAME));
        assertTrue(orders.get(5).value(Field.BUYER_NAME).contains("\uFFFD"));
        assertEquals("杭州西湖茶叶有限公司", orders.get(199).value(Field.BUYER_NAME));
    }

    @Test
    void readsUtf16WithBomAndAnotherDelimiter() throws IOException {
        String csv = "\uFEFForder_no;invoice_type;buyer_name;item_name;amount;tax_rate;tax_code\r\n"
                + "V1;普票;\"杭州; 西湖\";龙井茶;100;13;1030307000000000000\r\n";
        try (OrderCsvReader r = new OrderCsvReader("t.csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_16LE)), ';')) {
            OrderDraft d = r.next();
            assertEquals("杭州; 西湖", d.value(Field.BUYER_NAME));
            assertEquals("UTF-16LE", r.encoding());
        }
    }
}
