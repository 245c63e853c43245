package org.openrsm.sample;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
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
import javax.sql.DataSource;

/**
 * The archive application's own database (an XA data source, {@code jdbc/archiveIndex}): which document is on
 * which tape. Rows are written in the caller's transaction, so "document 42 is on tape A00017L8" commits or
 * rolls back together with the tape's allocation in OpenRSM.
 */
@Singleton
@Startup
public class ArchiveIndex {
    /** What the index says about one document. */
    public record Entry(String document, String medium, String barCode, int bytes) {
    }

    @Resource(lookup = "jdbc/archiveIndex")
    private DataSource index;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void createTable() {
        try (Connection c = index.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ARCHIVE_INDEX (DOCUMENT VARCHAR(200) NOT NULL PRIMARY KEY, MEDIUM CHAR(36) NOT NULL, "
                    + "BAR_CODE VARCHAR(64) NOT NULL, BYTES INT NOT NULL)");
        } catch (SQLException e) {
            if (!"X0Y32".equals(e.getSQLState())) {   // X0Y32: the table exists
                throw new IllegalStateException("cannot create the archive index: " + e.getMessage(), e);
            }
        }
    }

    /** Records the document in the caller's transaction; a document archived before is refused. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(String document, ArchiveReceipt receipt) throws DuplicateDocumentException {
        try (Connection c = index.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ARCHIVE_INDEX VALUES (?, ?, ?, ?)")) {
            ps.setString(1, document);
            ps.setString(2, receipt.medium());
            ps.setString(3, receipt.barCode());
            ps.setInt(4, receipt.bytes());
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {   // duplicate key
                throw new DuplicateDocumentException("document '" + document + "' is archived already");
            }
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
                return rs.next() ? Optional.of(new Entry(document, rs.getString(1), rs.getString(2), rs.getInt(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }
}
