package io.diodegw.systest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.diodegw.systest.hardening.ProcSockets.Family;
import io.diodegw.systest.hardening.ProcSockets.Socket;

class ProcSocketsTest
{
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
        + "retrnsmt   uid  timeout inode";
    private static final String UDP6_HEADER = "  sl  local_address                         remote_address"
        + "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops";

    @Test
    void shouldReadAListeningIpv4TcpSocketWithItsPortAndInode()
    {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample rows are from a little-endian host");
        final List<Socket> sockets = ProcSockets.parse(Family.TCP, List.of(TCP_HEADER,
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1065 1 "
                + "0000000097cfb536 100 0 0 10 0"));
        assertEquals(1, sockets.size());
        final Socket s = sockets.get(0);
        assertEquals(1065, s.inode());
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080), s.local());
        assertEquals(0, s.remote().getPort());
        assertTrue(s.listening());
        assertFalse(s.isConnected());
    }

    @Test
    void shouldReadAnEstablishedTcpSocketAsConnectedAndNotListening()
    {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample rows are from a little-endian host");
        final Socket s = ProcSockets.parse(Family.TCP, List.of(TCP_HEADER,
            "   3: 0100007F:C350 0100007F:12E8 01 00000000:00000000 00:00000000 00000000  1000        0 77 1 "
                + "0000000000000000 20 4 30 10 -1")).get(0);
        assertEquals(new InetSocketAddress("127.0.0.1", 4840), s.remote());
        assertEquals(50_000, s.local().getPort());
        assertTrue(s.isConnected());
        assertFalse(s.listening());
    }

    @Test
    void shouldReadIpv4MappedUdp6AddressesAsIpv4AndCallOnlyTheBoundUnconnectedSocketListening()
    {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample rows are from a little-endian host");
        final List<Socket> sockets = ProcSockets.parse(Family.UDP6, List.of(UDP6_HEADER,
            "  915: 0000000000000000FFFF00000100007F:C9D6 0000000000000000FFFF00000100007F:CAA2 01 "
                + "00000000:00000000 00:00000000 00000000     0        0 468946 2 00000000714eb783 0",
            " 1119: 0000000000000000FFFF00000100007F:CAA2 00000000000000000000000000000000:0000 07 "
                + "00000000:00000000 00:00000000 00000000     0        0 469108 2 00000000ee59fdd9 0",
            " 7475: 00000000000000000000000000000000:0000 00000000000000000000000000000000:0000 07 "
                + "00000000:00000000 00:00000000 00000000     0        0 469109 2 000000005e9fba6b 0"));
        assertEquals(3, sockets.size());
        assertEquals(new InetSocketAddress("127.0.0.1", 0xCAA2), sockets.get(0).remote());
        assertTrue(sockets.get(0).isConnected());
        assertFalse(sockets.get(0).listening());
        assertTrue(sockets.get(1).listening(), "bound to a port, connected to nothing");
        assertFalse(sockets.get(2).listening(), "not bound to a port");
    }

    @Test
    void shouldReadIpv6WordsInHostOrder()
    {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample rows are from a little-endian host");
        assertEquals(new InetSocketAddress("::1", 443), ProcSockets.address("00000000000000000000000001000000:01BB"));
    }

    @Test
    void shouldReadUnixSocketsAcceptingFlagAndPath()
    {
        final List<Socket> sockets = ProcSockets.parse(Family.UNIX, List.of(
            "Num       RefCount Protocol Flags    Type St Inode Path",
            "00000000d4acd32f: 00000002 00000000 00010000 0001 01 470727 /run/app.sock",
            "00000000e232780e: 00000002 00000000 00000000 0001 03 470635"));
        assertEquals(470_727, sockets.get(0).inode());
        assertTrue(sockets.get(0).listening());
        assertEquals("/run/app.sock", sockets.get(0).path());
        assertFalse(sockets.get(1).listening());
        assertEquals("", sockets.get(1).path());
    }

    @Test
    void shouldReadNetlinkAndPacketInodes()
    {
        assertEquals(560, ProcSockets.parse(Family.NETLINK, List.of(
            "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode",
            "000000005e69c52f 4   0          00000000 0        0        0     2        0        560")).get(0).inode());
        assertEquals(9_001, ProcSockets.parse(Family.PACKET, List.of(
            "sk               RefCnt Type Proto  Iface R Rmem   User   Inode",
            "00000000aa2c1e3e 3      3    0003   2     1 0      0      9001")).get(0).inode());
    }

    @Test
    void shouldRejectAnAddressOfTheWrongLength()
    {
        assertThrows(IllegalArgumentException.class, () -> ProcSockets.address("7F0001:0050"));
        assertThrows(IllegalArgumentException.class, () -> ProcSockets.address("0050"));
    }

    @Test
    void shouldSeeThisProcessesOwnTcpListenerAndConnectedUdpSocket() throws Exception
    {
        assumeTrue(ProcSockets.available(), "no /proc/PID/net on this machine (not Linux)");
        final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocket listener = new ServerSocket();
            DatagramChannel receiving = DatagramChannel.open();
            DatagramChannel connected = DatagramChannel.open())
        {
            listener.bind(loopback);
            receiving.bind(loopback);
            connected.bind(loopback);
            connected.connect(receiving.getLocalAddress());
            final List<Socket> sockets = ProcSockets.of(ProcessHandle.current().pid());
            final Optional<Socket> tcp = find(sockets, listener.getLocalPort());
            assertTrue(tcp.isPresent() && tcp.get().family().isTcp() && tcp.get().listening(), sockets.toString());
            final int receivingPort = ((InetSocketAddress)receiving.getLocalAddress()).getPort();
            final Optional<Socket> udpIn = find(sockets, receivingPort);
            assertTrue(udpIn.isPresent() && udpIn.get().family().isUdp() && udpIn.get().listening(),
                sockets.toString());
            final Optional<Socket> udpOut = find(sockets, ((InetSocketAddress)connected.getLocalAddress()).getPort());
            assertTrue(udpOut.isPresent() && !udpOut.get().listening(), sockets.toString());
            assertEquals(receivingPort, udpOut.get().remote().getPort());
            assertEquals(InetAddress.getLoopbackAddress(), udpOut.get().remote().getAddress());
        }
    }

    private static Optional<Socket> find(final List<Socket> sockets, final int localPort)
    {
        return sockets.stream().filter(s -> s.local() != null && s.local().getPort() == localPort).findFirst();
    }
}
