package org.openrsm.sample.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.openrsm.sample.ArchiveIndex;
import org.openrsm.sample.ArchiveReceipt;
import org.openrsm.sample.ArchiveService;
import org.openrsm.sample.ClientException;
import org.openrsm.sample.DuplicateDocumentException;
import org.openrsm.sample.PayloadTooLargeException;
import org.openrsm.sample.UnreadableUploadException;
import org.openrsm.sample.Upload;
import org.openrsm.sample.UploadLimit;

/** The test application of the transaction tests, one deployment per transaction level. */
final class TxDeployments {
    private TxDeployments() {
    }

    /** The sample's archive service and what it needs, without its REST API. */
    static final Class<?>[] ARCHIVE_SERVICE = {ArchiveService.class, ArchiveIndex.class, ArchiveIndex.Entry.class,
        ArchiveReceipt.class, Upload.class, UploadLimit.class, ClientException.class, DuplicateDocumentException.class,
        PayloadTooLargeException.class, UnreadableUploadException.class};

    static WebArchive archive(String name, Class<?> test) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(test, TxBean.class, TxBean.Work.class, TxBean.Attempt.class, TxBmtBean.class, Inspector.class,
                        StressBean.class, StressBean.Result.class, TxDeployments.class)
                .addClasses(ARCHIVE_SERVICE)
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
