package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;
import org.openrsm.api.RsmException;

/**
 * A session outside transactions ({@code eis/openrsmNoTx}) on whichever server this is deployed to. {@code POST
 * ?step=mount} allocates a tape of the pool {@code \StandBy}, mounts it and sends the line {@code <drive name> <state>
 * <session>} as the session sees the drive; it opens the drive, writes a line of text to the tape and sends the line
 * {@code <bar code> <text>}; then it holds the tape until {@code POST ?step=release} (at most a minute),
 * dismounts it (deferred), deallocates it (back to Free), closes the session and sends {@code released}. A failure
 * sends {@code failed: <message>}.
 */
@WebServlet("/session")
public class StandBySessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static volatile CountDownLatch release = new CountDownLatch(1);

    @Resource(lookup = "eis/openrsmNoTx")
    private transient MediaSessionFactory sessions;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        if (!"mount".equals(request.getParameter("step"))) {
            release.countDown();
            return;
        }
        release = new CountDownLatch(1);
        PrintWriter out = response.getWriter();
        try (MediaSession session = sessions.getSession()) {
            MediaPoolId pool = session.createMediaPool("\\StandBy", session.mediaType("LTO_Ultrium"),
                    CreateDisposition.OPEN_ALWAYS);
            session.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, 0));
            LogicalMediaId medium = session.allocate(pool, AllocateOptions.errorIfNoneAvailable());
            DriveId drive = session.mount(medium, MountOptions.write());
            DriveInfo d = session.info(drive, DriveInfo.class);
            out.println(d.name() + " " + d.state() + " " + d.session());
            String text = "written on " + System.getProperty("wlp.server.name") + " at " + java.time.Instant.now();
            try (java.nio.channels.SeekableByteChannel tape = session.open(drive, org.openrsm.api.AccessMode.WRITE)) {
                tape.write(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            org.openrsm.api.SideInfo side = session.info(session.info(medium, org.openrsm.api.LogicalMediaInfo.class).side(),
                    org.openrsm.api.SideInfo.class);
            out.println(session.info(side.physicalMedia(), org.openrsm.api.PhysicalMediaInfo.class).barCode() + " " + text);
            out.flush();
            release.await(1, TimeUnit.MINUTES);
            session.dismount(medium, DismountMode.DEFERRED);
            session.deallocate(medium);
            out.println("released");
        } catch (RsmException | IOException e) {
            out.println("failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("failed: interrupted");
        }
    }
}
