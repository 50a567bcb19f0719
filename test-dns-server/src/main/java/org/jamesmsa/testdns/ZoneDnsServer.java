package org.jamesmsa.testdns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * An authoritative DNS server for tests: answers real DNS wire messages, over UDP and TCP on one loopback port,
 * from zone files on the classpath ({@code zones/<origin>.zone}; this module ships the fixture zones the tests and the
 * benchmark share: example.test, trusted.test and their reverse zones). UDP answers larger than the client's EDNS size
 * (512 without EDNS) are truncated with TC, so clients must retry over TCP.
 *
 * <p>Faults for the tests of broken DNS, chosen by a label anywhere in the query name:
 * {@code dns-timeout} (never answers), {@code dns-servfail} (SERVFAIL), {@code dns-garbage} (an answer that
 * does not parse) and {@code dns-wrongtype} (answers any query with records of other types).</p>
 */
public final class ZoneDnsServer implements AutoCloseable {
    public static final String TIMEOUT = "dns-timeout";
    public static final String SERVFAIL = "dns-servfail";
    public static final String GARBAGE = "dns-garbage";
    public static final String WRONG_TYPE = "dns-wrongtype";
    private static final int MAX_CNAME_CHAIN = 10;

    private final List<Zone> zones;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final List<String> queryLog = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private ZoneDnsServer(List<Zone> zones, DatagramSocket udp, ServerSocket tcp) {
        this.zones = zones;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** @param origins zones to serve, each read from the classpath resource {@code zones/<origin>.zone} */
    public static ZoneDnsServer start(String... origins) throws IOException {
        List<Zone> zones = new ArrayList<>();
        for (String origin : origins) {
            zones.add(load(origin));
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, loopback);
                ZoneDnsServer server = new ZoneDnsServer(zones, udp, tcp);
                server.startThreads();
                return server;
            } catch (IOException portTakenForTcp) {
                udp.close();
                if (attempt > 20) {
                    throw portTakenForTcp;
                }
            }
        }
    }

    private static Zone load(String origin) throws IOException {
        Name name = Name.fromString(origin.endsWith(".") ? origin : origin + ".");
        String resource = "zones/" + name.toString(true) + ".zone";
        try (InputStream in = ZoneDnsServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no zone file " + resource + " on the classpath");
            }
            List<Record> records = new ArrayList<>();
            try (Master master = new Master(in, name)) {
                for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
                    records.add(record);
                }
            }
            return new Zone(name, records.toArray(new Record[0]));
        }
    }

    private void startThreads() {
        Thread udpThread = new Thread(this::serveUdp, "zone-dns-udp-" + port());
        udpThread.setDaemon(true);
        udpThread.start();
        Thread tcpThread = new Thread(this::acceptTcp, "zone-dns-tcp-" + port());
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, the form the validator's resolver list takes. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int udpQueries() {
        return udpQueries.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    /** Every query received, as {@code "UDP SRV _client._smtp.pass.example.test."}. */
    public List<String> queryLog() {
        synchronized (queryLog) {
            return List.copyOf(queryLog);
        }
    }

    public void clearLog() {
        queryLog.clear();
        udpQueries.set(0);
        tcpQueries.set(0);
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                Optional<byte[]> answer = answer(query, false);
                if (answer.isPresent()) {
                    udp.send(new DatagramPacket(answer.get(), answer.get().length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void acceptTcp() {
        while (running) {
            try {
                Socket socket = tcp.accept();
                Thread connection = new Thread(() -> serveTcp(socket), "zone-dns-tcp-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (running) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpQueries.incrementAndGet();
                Optional<byte[]> answer = answer(query, true);
                if (answer.isPresent()) {
                    out.writeShort(answer.get().length);
                    out.write(answer.get());
                    out.flush();
                }
            }
        } catch (EOFException | SocketException closed) {
            // client done
        } catch (IOException e) {
            // a broken client connection ends that connection only
        }
    }

    private Optional<byte[]> answer(byte[] queryBytes, boolean overTcp) throws IOException {
        Message query = new Message(queryBytes);
        Record question = query.getQuestion();
        Name qname = question.getName();
        queryLog.add((overTcp ? "TCP " : "UDP ") + Type.string(question.getType()) + " " + qname);

        if (hasLabel(qname, TIMEOUT)) {
            return Optional.empty();
        }
        if (hasLabel(qname, GARBAGE)) {
            byte[] id = {queryBytes[0], queryBytes[1]};
            return Optional.of(new byte[] {id[0], id[1], (byte) 0x84, 0x00, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
                0x07, 'g', 'a', 'r', 'b'});
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);

        if (hasLabel(qname, SERVFAIL)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (hasLabel(qname, WRONG_TYPE)) {
            response.addRecord(new TXTRecord(qname, DClass.IN, 300, "not what you asked for"), Section.ANSWER);
            response.addRecord(Record.fromString(qname, Type.A, DClass.IN, 300, "127.0.0.250", Name.root), Section.ANSWER);
        } else {
            fill(response, qname, question.getType());
        }

        int limit = 65535;
        if (!overTcp) {
            OPTRecord opt = query.getOPT();
            limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        }
        return Optional.of(response.toWire(limit));
    }

    private void fill(Message response, Name qname, int type) {
        Optional<Zone> zone = zoneFor(qname);
        if (zone.isEmpty()) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return;
        }
        Name current = qname;
        for (int hop = 0; hop < MAX_CNAME_CHAIN; hop++) {
            Optional<Zone> currentZone = zoneFor(current);
            if (currentZone.isEmpty()) {
                return;
            }
            SetResponse found = currentZone.get().findRecords(current, type);
            if (found.isSuccessful()) {
                for (RRset rrset : found.answers()) {
                    rrset.rrs().forEach(r -> response.addRecord(r, Section.ANSWER));
                    if (type == Type.SRV) {
                        rrset.rrs().forEach(r -> addTargetAddresses(response, ((SRVRecord) r).getTarget()));
                    }
                }
                return;
            }
            if (found.isCNAME()) {
                response.addRecord(found.getCNAME(), Section.ANSWER);
                current = found.getCNAME().getTarget();
                continue;
            }
            if (found.isNXDOMAIN() && hop == 0) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(currentZone.get().getSOA(), Section.AUTHORITY);
            return;
        }
    }

    private void addTargetAddresses(Message response, Name target) {
        zoneFor(target).ifPresent(zone -> {
            for (int type : new int[] {Type.A, Type.AAAA}) {
                RRset addresses = zone.findExactMatch(target, type);
                if (addresses != null) {
                    addresses.rrs().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
                }
            }
        });
    }

    private Optional<Zone> zoneFor(Name name) {
        return zones.stream()
            .filter(zone -> name.subdomain(zone.getOrigin()))
            .max(java.util.Comparator.comparingInt(zone -> zone.getOrigin().labels()));
    }

    private static boolean hasLabel(Name name, String label) {
        for (int i = 0; i < name.labels(); i++) {
            if (name.getLabelString(i).equalsIgnoreCase(label)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
