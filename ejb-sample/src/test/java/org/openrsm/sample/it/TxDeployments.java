package org.openrsm.sample.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.openrsm.sample.ArchiveIndex;
import org.openrsm.sample.ArchiveReceipt;
import org.openrsm.sample.ArchiveService;
import org.openrsm.sample.DuplicateDocumentException;

/** The test application of the transaction tests, one deployment per transaction level. */
final class TxDeployments {
    private TxDeployments() {
    }

    static WebArchive archive(String name, Class<?> test) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(test, TxBean.class, TxBean.Work.class, TxBean.Attempt.class, TxBmtBean.class, Inspector.class,
                        StressBean.class, StressBean.Result.class, TxDeployments.class,
                        ArchiveService.class, ArchiveIndex.class, ArchiveIndex.Entry.class, ArchiveReceipt.class,
                        DuplicateDocumentException.class)
                // the assertions run in the server too
                .addAsLibraries(jarOf(org.assertj.core.api.Assertions.class));
    }

    static java.io.File jarOf(Class<?> c) {
        try {
            return new java.io.File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
