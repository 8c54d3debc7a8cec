package io.fapiao.vendor;

import io.fapiao.config.Seller;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Order;
import io.fapiao.order.Outcome;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How many orders the issuing threads work on at once: the calls in flight of the vendors that serve a seller. */
class VendorsTest {

    /** A vendor that is only counted here, never called. */
    private record Counted(Vendor key) implements InvoiceVendor {
        @Override
        public Outcome issue(Order order, Seller seller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome poll(LedgerOrder order, Seller seller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome resubmit(LedgerOrder order, Seller seller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] invoiceFile(LedgerOrder order, Seller seller) {
            throw new UnsupportedOperationException();
        }
    }

    private final Vendors vendors = new Vendors().add(new Counted(Vendor.YUN2), 4).add(new Counted(Vendor.QIXIANGYUN), 6);

    @Test
    void onlyTheVendorsServingASellerCount() {
        assertEquals(4, vendors.concurrency(Set.of(Vendor.YUN2)));
        assertEquals(10, vendors.concurrency(EnumSet.of(Vendor.YUN2, Vendor.QIXIANGYUN)));
    }

    @Test
    void aLoginOnlyVendorOrNoneLeavesOneOrderAtATime() {
        // sdqz logs sellers in but does not issue: it holds no issuing call
        assertEquals(1, vendors.concurrency(Set.of(Vendor.SDQZ)));
        assertEquals(1, vendors.concurrency(Set.of()));
    }
}
