package io.fapiao.vendor.qixiangyun;

import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.vendor.InvoiceVendorContract;
import io.fapiao.vendor.Vendor;

/** qixiangyun keeps the vendor contract, against its simulator. */
class QixiangyunContractTest extends InvoiceVendorContract {

    private QixiangyunSandbox simulator() {
        return context.getRegistry().lookupByNameAndType("qixiangyunSandbox", QixiangyunSandbox.class);
    }

    @Override
    protected Vendor vendor() {
        return Vendor.QIXIANGYUN;
    }

    @Override
    protected void issueAsynchronously() {
        simulator().trouble().asyncIssuing = 2;
    }

    @Override
    protected void rejectItem(String text) {
        simulator().trouble().rejectItem = text;
    }
}
