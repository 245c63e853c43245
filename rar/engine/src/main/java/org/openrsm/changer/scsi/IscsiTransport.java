package org.openrsm.changer.scsi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A pure-Java iSCSI initiator for one logical unit (RFC 7143, the subset a tape library needs): login without
 * authentication and without digests, SCSI commands with data-in, data-out on the target's R2T, NOP-In answered,
 * logout. Each transport is its own session with a random ISID, so several transports to one target never
 * reinstate each other's sessions. The URL is {@code iscsi://host[:port]/target-iqn/lun}.
 */
public final class IscsiTransport implements ScsiTransport {
    private static final Logger LOG = Logger.getLogger(IscsiTransport.class.getName());
    private static final int DEFAULT_PORT = 3260;
    private static final int MAX_RECEIVE = 262144;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String url;
    private final String host;
    private final int port;
    private final String target;
    private final int lun;
    private final String initiator;
    private final Duration connectTimeout;

    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int itt = 1;
    private int cmdSn = 1;
    private int expStatSn;
    /** the most data the target takes in one PDU, and in one burst (negotiated at login) */
    private int targetMaxSegment = 8192;
    private int maxBurst = 262144;

    private IscsiTransport(String url, String host, int port, String target, int lun, String initiator,
                           Duration connectTimeout) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.target = target;
        this.lun = lun;
        this.initiator = initiator;
        this.connectTimeout = connectTimeout;
    }

    /** A transport to the LUN of {@code iscsi://host[:port]/target/lun}; it connects on its first command. */
    public static IscsiTransport of(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not an iscsi://host[:port]/target/lun URL", e);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int slash = path.lastIndexOf('/');
        if (!"iscsi".equals(uri.getScheme()) || uri.getHost() == null || slash <= 0) {
            throw new IllegalArgumentException("'" + url + "' is not an iscsi://host[:port]/target/lun URL");
        }
        int lun;
        try {
            lun = Integer.parseInt(path.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + url + "': the LUN after the last '/' must be a number", e);
        }
        if (lun < 0 || lun > 255) {
            throw new IllegalArgumentException("'" + url + "': LUN " + lun + " is not 0-255");
        }
        return new IscsiTransport(url, uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                path.substring(1, slash), lun, "iqn.2026-12.org.openrsm:initiator", Duration.ofSeconds(10));
    }

    @Override
    public String name() {
        return url;
    }

    @Override
    public synchronized Result execute(byte[] cdb, byte[] dataOut, int dataIn, Duration timeout) throws IOException {
        if (cdb.length > 16) {
            throw new IllegalArgumentException("CDB of " + cdb.length + " bytes; at most 16");
        }
        if (socket == null) {
            connect();
        }
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            return command(cdb, dataOut, dataIn);
        } catch (SocketTimeoutException e) {
            disconnect();
            throw new IOException(url + ": no answer within " + timeout, e);
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e instanceof IOException io ? io : new IOException(url + ": " + e.getMessage(), e);
        }
    }

    // ---- session

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) connectTimeout.toMillis());
            socket = s;
            in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
            out = new BufferedOutputStream(s.getOutputStream(), 65536);
            itt = 1;
            cmdSn = 1;
            expStatSn = 0;
            login();
        } catch (IOException e) {
            disconnect();
            throw new IOException(url + ": cannot log in to " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    private void login() throws IOException {
        byte[] isid = new byte[6];
        RANDOM.nextBytes(isid);
        isid[0] = (byte) (0x80 | isid[0] & 0x3F);   // type 10b: random
        int[][] stages = {{0, 1}, {1, 3}};          // security → operational, operational → full feature
        Map<String, String> answer = new HashMap<>();
        for (int[] stage : stages) {
            byte[] bhs = new byte[48];
            bhs[0] = 0x43;                           // login request, immediate
            bhs[1] = (byte) (0x80 | stage[0] << 2 | stage[1]);
            System.arraycopy(isid, 0, bhs, 8, 6);
            put32(bhs, 16, itt);
            put32(bhs, 24, cmdSn);
            put32(bhs, 28, expStatSn);
            byte[] keys = stage[0] == 0
                    ? text("InitiatorName=" + initiator, "TargetName=" + target, "SessionType=Normal", "AuthMethod=None")
                    : text("HeaderDigest=None", "DataDigest=None", "MaxRecvDataSegmentLength=" + MAX_RECEIVE,
                    "InitialR2T=Yes", "ImmediateData=No", "MaxBurstLength=" + maxBurst, "FirstBurstLength=65536",
                    "MaxConnections=1", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes", "ErrorRecoveryLevel=0",
                    "MaxOutstandingR2T=1", "DefaultTime2Wait=0", "DefaultTime2Retain=0");
            send(bhs, keys);
            Pdu r = receive();
            if (r.opcode() != 0x23) {
                throw new IOException("expected a login response, got opcode 0x" + Integer.toHexString(r.opcode()));
            }
            int status = (r.bhs[36] & 0xFF) << 8 | r.bhs[37] & 0xFF;
            if (status != 0) {
                throw new IOException("login refused, status class " + (status >> 8) + " detail " + (status & 0xFF)
                        + (status == 0x0203 ? " (no such target)" : status == 0x0201 ? " (not authorized)" : ""));
            }
            expStatSn = get32(r.bhs, 24) + 1;
            for (String kv : new String(r.data, StandardCharsets.US_ASCII).split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    answer.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        itt++;
        targetMaxSegment = number(answer.get("MaxRecvDataSegmentLength"), 8192);
        maxBurst = Math.min(maxBurst, number(answer.get("MaxBurstLength"), maxBurst));
        LOG.fine(() -> url + ": logged in, target takes " + targetMaxSegment + " bytes per PDU");
    }

    private static int number(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.fine(() -> url + ": closing: " + e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.setSoTimeout(2000);
                byte[] bhs = new byte[48];
                bhs[0] = 0x46;                       // logout request, immediate
                bhs[1] = (byte) 0x80;                // close the session
                put32(bhs, 16, itt++);
                put32(bhs, 24, cmdSn);
                put32(bhs, 28, expStatSn);
                send(bhs, null);
                receive();
            } catch (IOException e) {
                LOG.fine(() -> url + ": logout: " + e);
            }
            disconnect();
        }
    }

    // ---- commands

    private Result command(byte[] cdb, byte[] dataOut, int dataIn) throws IOException {
        int task = itt++;
        int outLength = dataOut == null ? 0 : dataOut.length;
        byte[] bhs = new byte[48];
        bhs[0] = 0x01;                                                    // SCSI command
        bhs[1] = (byte) (0x80 | (dataIn > 0 ? 0x40 : 0) | (outLength > 0 ? 0x20 : 0) | 0x01);   // F, R, W, simple
        bhs[9] = (byte) lun;                                              // single-level LUN
        put32(bhs, 16, task);
        put32(bhs, 20, outLength > 0 ? outLength : dataIn);
        put32(bhs, 24, cmdSn++);
        put32(bhs, 28, expStatSn);
        System.arraycopy(cdb, 0, bhs, 32, cdb.length);
        send(bhs, null);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            Pdu r = receive();
            switch (r.opcode()) {
                case 0x25 -> {                                            // Data-In
                    data.write(r.data, 0, r.data.length);
                    if ((r.bhs[1] & 0x01) != 0) {                         // status in the last Data-In
                        expStatSn = get32(r.bhs, 24) + 1;
                        return new Result(r.bhs[3] & 0xFF, data.toByteArray(), null, new byte[0]);
                    }
                }
                case 0x21 -> {                                            // SCSI response
                    expStatSn = get32(r.bhs, 24) + 1;
                    if (r.bhs[2] != 0) {
                        throw new IOException("the target failed the command (iSCSI response " + (r.bhs[2] & 0xFF) + ")");
                    }
                    byte[] sense = new byte[0];
                    if (r.data.length >= 2) {
                        int length = (r.data[0] & 0xFF) << 8 | r.data[1] & 0xFF;
                        sense = Arrays.copyOfRange(r.data, 2, Math.min(r.data.length, 2 + length));
                    }
                    return new Result(r.bhs[3] & 0xFF, data.toByteArray(), Sense.parse(sense, sense.length), sense);
                }
                case 0x31 -> dataOut(r, task, dataOut);                   // R2T
                case 0x20 -> nopIn(r);
                case 0x32 -> { }                                          // asynchronous message: nothing to do
                case 0x3F -> throw new IOException("the target rejected a PDU (reason " + (r.bhs[2] & 0xFF) + ")");
                default -> throw new IOException("unexpected iSCSI opcode 0x" + Integer.toHexString(r.opcode()));
            }
        }
    }

    /** Sends the data an R2T asks for, in PDUs the target can take. */
    private void dataOut(Pdu r2t, int task, byte[] dataOut) throws IOException {
        if (dataOut == null) {
            throw new IOException("the target asked for data of a command that has none");
        }
        int transferTag = get32(r2t.bhs, 20);
        int offset = get32(r2t.bhs, 40);
        int length = get32(r2t.bhs, 44);
        if (offset < 0 || length < 0 || offset + length > dataOut.length) {
            throw new IOException("R2T for bytes " + offset + "+" + length + " of " + dataOut.length);
        }
        int dataSn = 0;
        for (int sent = 0; sent < length; ) {
            int n = Math.min(targetMaxSegment, length - sent);
            byte[] bhs = new byte[48];
            bhs[0] = 0x05;                                                // SCSI Data-Out
            bhs[1] = (byte) (sent + n == length ? 0x80 : 0);              // F on the last of this burst
            bhs[9] = (byte) lun;
            put32(bhs, 16, task);
            put32(bhs, 20, transferTag);
            put32(bhs, 28, expStatSn);
            put32(bhs, 36, dataSn++);
            put32(bhs, 40, offset + sent);
            send(bhs, Arrays.copyOfRange(dataOut, offset + sent, offset + sent + n));
            sent += n;
        }
    }

    /** A NOP-In that expects an answer (a target's ping) gets a NOP-Out. */
    private void nopIn(Pdu r) throws IOException {
        int transferTag = get32(r.bhs, 20);
        if (transferTag == -1) {
            return;
        }
        byte[] bhs = new byte[48];
        bhs[0] = 0x40;                                                    // NOP-Out, immediate
        bhs[1] = (byte) 0x80;
        put32(bhs, 16, -1);
        put32(bhs, 20, transferTag);
        put32(bhs, 24, cmdSn);
        put32(bhs, 28, expStatSn);
        send(bhs, null);
    }

    // ---- PDUs

    private record Pdu(byte[] bhs, byte[] data) {
        int opcode() {
            return bhs[0] & 0x3F;
        }
    }

    private void send(byte[] bhs, byte[] data) throws IOException {
        int length = data == null ? 0 : data.length;
        bhs[5] = (byte) (length >> 16);
        bhs[6] = (byte) (length >> 8);
        bhs[7] = (byte) length;
        out.write(bhs);
        if (length > 0) {
            out.write(data);
            out.write(new byte[(4 - length % 4) % 4]);
        }
        out.flush();
    }

    private Pdu receive() throws IOException {
        byte[] bhs = new byte[48];
        in.readFully(bhs);
        int ahs = (bhs[4] & 0xFF) * 4;
        int length = (bhs[5] & 0xFF) << 16 | (bhs[6] & 0xFF) << 8 | bhs[7] & 0xFF;
        if (length > 16 * 1024 * 1024) {
            throw new IOException("a PDU of " + length + " bytes: not an iSCSI target?");
        }
        in.skipNBytes(ahs);
        byte[] data = new byte[length];
        in.readFully(data);
        in.skipNBytes((4 - length % 4) % 4);
        return new Pdu(bhs, data);
    }

    private static byte[] text(String... pairs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String kv : pairs) {
            b.writeBytes(kv.getBytes(StandardCharsets.US_ASCII));
            b.write(0);
        }
        return b.toByteArray();
    }

    private static int get32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
