package io.fapiao.sftp;

import io.fapiao.Bundle;
import io.fapiao.Feature;

/**
 * The ERP's SFTP drops: on when {@code fapiao.sftp.host} (or a named inbox) is set. One intake and one upload route
 * per inbox, made from the templates of {@code intake-sftp.camel.yaml} and {@code results-sftp.camel.yaml}; every
 * file a drop of an SFTP inbox writes to the outbox is uploaded to that inbox's server (the {@code sftp} reply sink).
 */
public final class SftpWiring implements Feature {

    @Override
    public void wire(Bundle bundle) throws Exception {
        SftpInboxes.configure(bundle);
    }
}
