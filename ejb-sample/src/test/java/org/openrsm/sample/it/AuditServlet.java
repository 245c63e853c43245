package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;

/**
 * {@code GET /audit}: what the crash campaign compares, one item a line: {@code index <document> <medium>} for every
 * row of the sample's archive index, {@code tape <medium>} for every logical medium of {@code \Archive}, and
 * {@code drive <name> <state> <session>} for every drive.
 */
@WebServlet("/audit")
public class AuditServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "jdbc/archiveIndex")
    private DataSource index;

    @Resource(lookup = "eis/openrsmNoTx")
    private MediaSessionFactory sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        StringBuilder out = new StringBuilder();
        try (Connection c = index.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DOCUMENT, MEDIUM FROM ARCHIVE_INDEX")) {
            while (rs.next()) {
                out.append("index ").append(rs.getString(1)).append(' ').append(rs.getString(2).trim()).append('\n');
            }
            try (MediaSession s = sessions.getSession()) {
                MediaPoolId pool = s.mediaPool("\\Archive");
                for (ObjectInfo o : s.enumerate(pool, ObjectType.LOGICAL_MEDIA)) {
                    out.append("tape ").append(o.id()).append('\n');
                }
                for (LibraryInfo l : s.libraries()) {
                    if (l.libraryType() == LibraryType.ONLINE) {
                        for (ObjectInfo o : s.enumerate(l.id(), ObjectType.DRIVE)) {
                            DriveInfo d = (DriveInfo) o;
                            out.append("drive ").append(d.name()).append(' ').append(d.state()).append(' ')
                                    .append(d.session()).append('\n');
                        }
                    }
                }
            }
        } catch (Exception e) {
            // in-doubt branches still lock index rows until the transaction manager has recovered them
            response.sendError(503, "not ready: " + e);
            return;
        }
        try (PrintWriter w = response.getWriter()) {
            w.print(out);
        }
    }
}
