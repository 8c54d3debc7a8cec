package io.fapiao.vendor.yun2;

import io.fapiao.vendor.InvoiceVendorContract;
import io.fapiao.vendor.Vendor;

/** yun2 keeps the vendor contract, against its simulator. */
class Yun2ContractTest extends InvoiceVendorContract {

    @Override
    protected Vendor vendor() {
        return Vendor.YUN2;
    }

    @Override
    protected void issueAsynchronously() {
        yun2().trouble().asyncPolls = 2;
    }

    @Override
    protected void rejectItem(String text) {
        yun2().trouble().rejectItem = text;
    }
}
