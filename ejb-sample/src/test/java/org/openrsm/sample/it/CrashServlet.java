package org.openrsm.sample.it;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code POST /crash?document=}: archives the document and halts the server between prepare and commit. */
@WebServlet("/crash")
public class CrashServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private CrashBean crash;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            crash.archiveAndHaltBeforeCommit(request.getParameter("document"));
            response.sendError(500, "the server should have halted before the commit");
        } catch (Exception e) {
            response.sendError(500, e.toString());
        }
    }
}
