package io.confab.core.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic BPF socket filter (Linux {@code SO_ATTACH_FILTER}) for a listening TCP socket that drops
 * connection requests from {@link DroppedSource}s and lets every other packet through. The kernel
 * runs a TCP listener's filter on each segment that reaches it before any connection state exists
 * ({@code tcp_v4_rcv}/{@code tcp_v6_rcv} call {@code tcp_filter} before the listener sees a SYN), so a
 * dropped SYN costs an address lookup and this program: no SYN-ACK, no accept, no close.
 *
 * <p>What the program sees: the TCP header at offset 0 and the IP header through the
 * {@code SKF_NET_OFF} negative offset (linux/filter.h). Only a pure SYN (SYN set, ACK clear: a new
 * connection request) is checked against the list; anything else returns at the third instruction,
 * which matters because accepted connections inherit their listener's filter and run it on every
 * segment. IPv4 packets (also those reaching a dual-stack IPv6 listener) compare the source address,
 * IPv6 packets the first 64 bits of theirs. Each comparison is followed by its own {@code ret #0}, so
 * no conditional jump needs to reach further than the 8-bit jump offsets of classic BPF allow.
 */
public record SynFilterProgram(List<Instruction> instructions) {

    /** Classic BPF's limit on a program's length ({@code BPF_MAXINSNS}, linux/bpf_common.h). */
    static final int MAX_INSTRUCTIONS = 4096;

    /** One {@code struct sock_filter}: opcode, jump offsets if true and if false, and the constant k. */
    public record Instruction(int code, int jt, int jf, int k) {
        public Instruction {
            if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
                throw new IllegalArgumentException("classic BPF jump offsets are 0-255, got " + jt + "/" + jf);
            }
        }
    }

    // Opcode parts from linux/bpf_common.h and linux/filter.h.
    static final int LD_B_ABS = 0x30;    // BPF_LD | BPF_B | BPF_ABS: A = byte at k
    static final int LD_W_ABS = 0x20;    // BPF_LD | BPF_W | BPF_ABS: A = 32-bit word at k, network order
    static final int LD_MEM = 0x60;      // BPF_LD | BPF_W | BPF_MEM: A = M[k]
    static final int ST = 0x02;          // BPF_ST: M[k] = A
    static final int AND_K = 0x54;       // BPF_ALU | BPF_AND | BPF_K
    static final int RSH_K = 0x74;       // BPF_ALU | BPF_RSH | BPF_K
    static final int JEQ_K = 0x15;       // BPF_JMP | BPF_JEQ | BPF_K
    static final int JA = 0x05;          // BPF_JMP | BPF_JA: pc += k
    static final int RET_K = 0x06;       // BPF_RET | BPF_K
    /** SKF_NET_OFF: negative offsets from it address the network (IP) header. */
    static final int NET = -0x100000;
    /** The return value that keeps the whole packet (a filter returns how many bytes to keep). */
    static final int KEEP = -1;
    static final int DROP = 0;
    /** TCP header byte 13 holds the flags (RFC 9293 section 3.1): SYN is 0x02, ACK 0x10. */
    private static final int TCP_FLAGS = 13;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    /** Source address offsets in the IPv4 (RFC 791) and IPv6 (RFC 8200) headers. */
    private static final int IPV4_SOURCE = 12;
    private static final int IPV6_SOURCE = 8;

    public SynFilterProgram {
        instructions = List.copyOf(instructions);
        if (instructions.isEmpty() || instructions.size() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("a classic BPF program has 1-" + MAX_INSTRUCTIONS + " instructions, got "
                    + instructions.size());
        }
    }

    /** The program dropping connection requests from {@code sources}, letting everything else through. */
    public static SynFilterProgram dropping(List<DroppedSource> sources) {
        List<Instruction> v4 = new ArrayList<>();
        List<Instruction> v6 = new ArrayList<>();
        for (DroppedSource source : sources) {
            if (source.ipv4()) {
                v4.add(new Instruction(JEQ_K, 0, 1, (int) source.bits()));
                v4.add(new Instruction(RET_K, 0, 0, DROP));
            } else {
                // M[0] and M[1] hold the source's first two words; each entry reloads what it compares.
                v6.add(new Instruction(LD_MEM, 0, 0, 0));
                v6.add(new Instruction(JEQ_K, 0, 3, (int) (source.bits() >>> 32)));
                v6.add(new Instruction(LD_MEM, 0, 0, 1));
                v6.add(new Instruction(JEQ_K, 0, 1, (int) source.bits()));
                v6.add(new Instruction(RET_K, 0, 0, DROP));
            }
        }
        List<Instruction> program = new ArrayList<>();
        program.add(new Instruction(LD_B_ABS, 0, 0, TCP_FLAGS));
        program.add(new Instruction(AND_K, 0, 0, SYN | ACK));
        program.add(new Instruction(JEQ_K, 1, 0, SYN));
        program.add(new Instruction(RET_K, 0, 0, KEEP));
        // The IP version, the high nibble of the network header's first byte.
        program.add(new Instruction(LD_B_ABS, 0, 0, NET));
        program.add(new Instruction(RSH_K, 0, 0, 4));
        int jumpToV4 = program.size() + 1;
        program.add(new Instruction(JEQ_K, 0, 1, 4));
        program.add(null);
        int jumpToV6 = program.size() + 1;
        program.add(new Instruction(JEQ_K, 0, 1, 6));
        program.add(null);
        program.add(new Instruction(RET_K, 0, 0, KEEP));

        int v4Start = program.size();
        program.add(new Instruction(LD_W_ABS, 0, 0, NET + IPV4_SOURCE));
        program.addAll(v4);
        program.add(new Instruction(RET_K, 0, 0, KEEP));

        int v6Start = program.size();
        program.add(new Instruction(LD_W_ABS, 0, 0, NET + IPV6_SOURCE));
        program.add(new Instruction(ST, 0, 0, 0));
        program.add(new Instruction(LD_W_ABS, 0, 0, NET + IPV6_SOURCE + 4));
        program.add(new Instruction(ST, 0, 0, 1));
        program.addAll(v6);
        program.add(new Instruction(RET_K, 0, 0, KEEP));

        // ja's offset is 32 bits wide and counts from the next instruction.
        program.set(jumpToV4, new Instruction(JA, 0, 0, v4Start - jumpToV4 - 1));
        program.set(jumpToV6, new Instruction(JA, 0, 0, v6Start - jumpToV6 - 1));
        return new SynFilterProgram(program);
    }

    /** The program as an array of {@code struct sock_filter} (8 bytes each) in {@code order}, for the kernel. */
    byte[] toSockFilters(ByteOrder order) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * instructions.size()).order(order);
        for (Instruction instruction : instructions) {
            bytes.putShort((short) instruction.code()).put((byte) instruction.jt()).put((byte) instruction.jf())
                    .putInt(instruction.k());
        }
        return bytes.array();
    }
}
