package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One enterprise of the yun2 account: a {@code spid}, the seller's tax id and name, its terminal as
 * {@code /API/TERM/LIST} shows it, its orders (XTLSH is unique per enterprise, not across the account) and its
 * tax-bureau session.
 */
final class Yun2Enterprise {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** The document's region table: code → name. */
    static final Map<String, String> REGIONS = Map.ofEntries(
            Map.entry("1100", "北京"), Map.entry("1200", "天津"), Map.entry("3100", "上海"), Map.entry("4403", "深圳"),
            Map.entry("5000", "重庆"), Map.entry("2102", "大连"), Map.entry("3702", "青岛"), Map.entry("3302", "宁波"),
            Map.entry("3502", "厦门"), Map.entry("3400", "安徽"), Map.entry("3500", "福建"), Map.entry("3600", "江西"),
            Map.entry("3700", "山东"), Map.entry("4100", "河南"), Map.entry("4200", "湖北"), Map.entry("4300", "湖南"),
            Map.entry("4400", "广东"), Map.entry("4500", "广西"), Map.entry("4600", "海南"), Map.entry("1400", "山西"),
            Map.entry("5100", "四川"), Map.entry("5200", "贵州"), Map.entry("5300", "云南"), Map.entry("5400", "西藏"),
            Map.entry("6100", "陕西"), Map.entry("6200", "甘肃"), Map.entry("6300", "青海"), Map.entry("6400", "宁夏"),
            Map.entry("6500", "新疆"), Map.entry("1500", "内蒙"), Map.entry("1300", "河北"), Map.entry("2100", "辽宁"),
            Map.entry("2200", "吉林"), Map.entry("2300", "黑龙江"), Map.entry("3200", "江苏"), Map.entry("3300", "浙江"));

    final String spid;
    final String taxId;
    final String name;
    final String terminalNo;
    final String deviceId;
    final String regionCode;
    final String drawer;
    final String payee;
    final String reviewer;
    final String addressPhone;
    final String bankAccount;
    final Yun2TaxBureau taxBureau;
    /** Orders by XTLSH. */
    final Map<String, Yun2Order> orders = new ConcurrentHashMap<>();
    /** Issued invoices by their full number (code and number), for FPLIST by fphm and for red invoices. */
    final Map<String, Yun2Order> byNumber = new ConcurrentHashMap<>();

    Yun2Enterprise(String spid, String taxId, String name, String terminalNo, String deviceId, String regionCode,
                   String drawer, String payee, String reviewer, String addressPhone, String bankAccount,
                   Yun2TaxBureau taxBureau) {
        this.spid = spid;
        this.taxId = taxId;
        this.name = name;
        this.terminalNo = terminalNo;
        this.deviceId = deviceId;
        this.regionCode = regionCode;
        this.drawer = drawer;
        this.payee = payee;
        this.reviewer = reviewer;
        this.addressPhone = addressPhone;
        this.bankAccount = bankAccount;
        this.taxBureau = taxBureau;
    }

    /**
     * The region of a tax id: a unified social credit code carries the administrative division in characters 3–8,
     * an older 15-digit tax id in its first six. The five cities the table lists apart (深圳, 大连, 青岛, 宁波, 厦门)
     * come first; anything the table does not know is 上海, the seed's own example.
     */
    static String regionOf(String taxId) {
        String division = taxId.length() == 18 ? taxId.substring(2, 8)
                : taxId.length() >= 6 ? taxId.substring(0, 6) : "";
        if (division.length() == 6 && division.chars().allMatch(Character::isDigit)) {
            String city = division.substring(0, 4);
            if (REGIONS.containsKey(city)) {
                return city;
            }
            String province = division.substring(0, 2) + "00";
            if (REGIONS.containsKey(province)) {
                return province;
            }
        }
        return "3100";
    }

    /** A region code by its name in the table ("上海" or "上海市"), or null. */
    static String regionCodeOf(String name) {
        for (Map.Entry<String, String> e : REGIONS.entrySet()) {
            if (!name.isEmpty() && (name.equals(e.getValue()) || name.startsWith(e.getValue()))) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * This enterprise as a row of {@code /API/TERM/LIST}, in the seed's shape: a 数电 terminal (zdlx 8), online,
     * the 电子发票 block with this month's positive total; the reporting dates follow today as the seed's example
     * follows its own date (reported on the 1st, locked on the 15th — of next month once the 15th has passed).
     */
    void writeRow(ObjectNode row, LocalDate today) {
        LocalDate lock = today.withDayOfMonth(15);
        if (today.isAfter(lock)) {
            lock = lock.plusMonths(1);
        }
        row.put("nsrmc", name).put("nsrsbh", taxId).put("zdbh", terminalNo).put("zdlx", "8").put("spid", spid)
                .put("kpr", drawer).put("skr", payee).put("fhr", reviewer).put("ssdq", REGIONS.get(regionCode))
                .put("dqdm", regionCode).put("dzdh", addressPhone).put("yhzh", bankAccount).put("deviceid", deviceId)
                .put("online", "在线").put("lxsx", "72").put("kpjh", "1").put("dqrq", today.format(DAY));
        row.putObject("dzfp").put("HasBuyInv", "0").put("HasRepData", "1").put("HasRetInv", "0")
                .put("InvoiceLimit", "99999.99").put("IsLockTime", "0")
                .put("LastRepDate", today.withDayOfMonth(1).format(DAY) + "0000")
                .put("LockedDate", lock.format(DAY)).put("MonthAmoutTotal", monthTotal(today).toPlainString())
                .put("NextRepDate", today.withDayOfMonth(1).plusMonths(1).format(DAY))
                .put("OffLineAmoutLeft", "185000000.00").put("OffLineAmoutLimit", "185000000.00");
        row.putObject("ptfp");
        row.putObject("zyfp");
    }

    /** 本月正数金额: the amounts of this month's blue invoices that are not void. */
    private BigDecimal monthTotal(LocalDate today) {
        String month = today.toString().substring(0, 7);
        BigDecimal sum = BigDecimal.ZERO;
        for (Yun2Order o : orders.values()) {
            synchronized (o) {
                if (o.state == Yun2Order.State.ISSUED && !o.red && !o.voided && o.kprq.startsWith(month)) {
                    sum = sum.add(o.amount());
                }
            }
        }
        return sum.setScale(2, RoundingMode.HALF_UP);
    }
}
