package org.openrsm.sample.it;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.openrsm.sample.ArchiveService;

/** A document archived with two-phase commit (tape and archive index), the server halting before OpenRSM commits. */
@Stateless
public class CrashBean {
    @EJB
    private ArchiveService archive;

    public void archiveAndHaltBeforeCommit(String document) throws Exception {
        System.setProperty("openrsm.test.haltBeforeCommit", "true");
        archive.archive(document, ("survives the crash: " + document).getBytes());
    }
}
