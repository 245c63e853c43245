package org.openrsm.sample;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The archive application's own database (an XA data source, {@code jdbc/archiveIndex}): which document is on
 * which tape. Rows are written in the caller's transaction, so "document 42 is on tape A00017L8" commits or
 * rolls back together with the tape's allocation in OpenRSM. A document is claimed before its tape is touched: the
 * claim's row lock makes a concurrent archive of the same name wait for the first one's outcome, and then refuses it
 * (or lets it go on, if the first rolled back).
 *
 * <p>The bean holds no state of its own, so its methods run concurrently ({@code READ}): with the default
 * {@code WRITE} lock, a claim waiting on the database's row lock would block the claim holder's own
 * {@link #record}, and both would wait until the database gave up.
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class ArchiveIndex {
    private static final Logger LOG = Logger.getLogger(ArchiveIndex.class.getName());
    /** What the index says about one document. */
    public record Entry(String document, String medium, String barCode, long bytes) {
    }

    @Resource(lookup = "jdbc/archiveIndex")
    private DataSource index;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void createTable() {
        try (Connection c = index.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ARCHIVE_INDEX (DOCUMENT VARCHAR(200) NOT NULL PRIMARY KEY, MEDIUM CHAR(36) NOT NULL, "
                    + "BAR_CODE VARCHAR(64) NOT NULL, BYTES BIGINT NOT NULL)");
        } catch (SQLException e) {
            if (!"X0Y32".equals(e.getSQLState())) {   // X0Y32: the table exists
                throw new IllegalStateException("cannot create the archive index: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Claims {@code document} in the caller's transaction, before any tape is touched: a document archived (or being
     * archived) already is refused. The row says where the document is once {@link #record} fills it in.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void claim(String document) throws DuplicateDocumentException {
        try (Connection c = index.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ARCHIVE_INDEX VALUES (?, '', '', 0)")) {
            ps.setString(1, document);
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {   // duplicate key
                LOG.info(() -> "refused a second archive of document '" + document + "': it is archived already");
                throw new DuplicateDocumentException("document '" + document + "' is archived already");
            }
            throw new IllegalStateException("cannot write the archive index: " + e.getMessage(), e);
        }
    }

    /** Records where the claimed document went, in the caller's transaction. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(String document, ArchiveReceipt receipt) {
        try (Connection c = index.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ARCHIVE_INDEX SET MEDIUM = ?, BAR_CODE = ?, BYTES = ? "
                     + "WHERE DOCUMENT = ?")) {
            ps.setString(1, receipt.medium());
            ps.setString(2, receipt.barCode());
            ps.setLong(3, receipt.bytes());
            ps.setString(4, document);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("document '" + document + "' was not claimed before it was archived");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the archive index: " + e.getMessage(), e);
        }
    }

    /** Forgets every document on {@code medium}, in the caller's transaction (the tape is given back with it). */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int forget(String medium) {
        try (Connection c = index.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM ARCHIVE_INDEX WHERE MEDIUM = ?")) {
            ps.setString(1, medium);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the archive index: " + e.getMessage(), e);
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Entry> find(String document) {
        try (Connection c = index.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MEDIUM, BAR_CODE, BYTES FROM ARCHIVE_INDEX WHERE DOCUMENT = ?")) {
            ps.setString(1, document);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(document, rs.getString(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }
}
