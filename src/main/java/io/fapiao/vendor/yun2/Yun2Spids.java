package io.fapiao.vendor.yun2;

import io.fapiao.config.Seller;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which yun2 enterprise ({@code spid}) issues for a seller. In yun2 each spid is one enterprise, so sending a
 * seller's order with another's spid would issue it as that other company's invoice. A configured spid is used as
 * it is; otherwise the account's enterprises are read with TERM/LIST (nsrsbh → spid) and kept. A seller yun2 does
 * not list has no spid: its orders are rejected before any FPKJ.
 */
final class Yun2Spids {

    /** TERM/LIST is read again for a seller not found, but not more often than this. */
    private static final Duration RELOOK = Duration.ofSeconds(60);

    private final Supplier<String> termList;
    private final Map<String, String> listed = new ConcurrentHashMap<>();
    private volatile Instant lastLook = Instant.EPOCH;

    /** @param termList answers TERM/LIST's reply body */
    Yun2Spids(Supplier<String> termList) {
        this.termList = termList;
    }

    Optional<String> spidOf(Seller seller) {
        if (!seller.spid().isEmpty()) {
            return Optional.of(seller.spid());
        }
        String spid = listed.get(seller.taxId());
        if (spid == null && Instant.now().isAfter(lastLook.plus(RELOOK))) {
            look();
            spid = listed.get(seller.taxId());
        }
        return Optional.ofNullable(spid);
    }

    private synchronized void look() {
        if (Instant.now().isBefore(lastLook.plus(RELOOK))) {
            return;
        }
        Yun2Reply reply = Yun2Reply.parse(termList.get());
        if (!reply.ok() && reply.list("rows").isEmpty()) {
            throw new IllegalStateException("yun2 TERM/LIST failed: " + reply.message());
        }
        for (Yun2Reply row : reply.list("rows")) {
            String taxId = row.text("nsrsbh").strip().toUpperCase(java.util.Locale.ROOT);
            String spid = row.text("spid").strip();
            if (!taxId.isEmpty() && !spid.isEmpty()) {
                listed.put(taxId, spid);
            }
        }
        lastLook = Instant.now();
    }
}
