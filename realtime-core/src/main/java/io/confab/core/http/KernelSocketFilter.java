package io.confab.core.http;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Attaches a classic BPF program to a socket ({@code setsockopt(SOL_SOCKET, SO_ATTACH_FILTER)},
 * socket(7)), which Java cannot do itself: libc's {@code setsockopt} through JNA. Attaching replaces
 * the socket's program at once, so packets see either the old program or the new one.
 */
final class KernelSocketFilter {

    // asm-generic/socket.h, which x86-64 and arm64 use (other architectures number these differently).
    private static final int SOL_SOCKET = 1;
    private static final int SO_ATTACH_FILTER = 26;
    private static final int SO_DETACH_FILTER = 27;
    /** detach with no program attached. */
    private static final int ENOENT = 2;

    interface C extends Library {
        int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;
    }

    private final C libc;

    private KernelSocketFilter(C libc) {
        this.libc = libc;
    }

    /**
     * The filter call of this machine.
     *
     * @throws UnsupportedOperationException with the reason when there is none (not Linux on x86-64 or
     *                                       arm64, or JNA cannot load)
     */
    static KernelSocketFilter load() {
        try {
            if (!Platform.isLinux() || !(Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"))) {
                throw new UnsupportedOperationException("socket filters are used on Linux x86-64 and arm64 only, this is "
                        + System.getProperty("os.name") + " " + Platform.ARCH);
            }
            return new KernelSocketFilter(Native.load("c", C.class));
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA cannot call libc: " + e, e);
        }
    }

    /** Attaches {@code program} to socket {@code fd}, replacing any program it had. */
    void attach(int fd, SynFilterProgram program) throws IOException {
        byte[] filters = program.toSockFilters(ByteOrder.nativeOrder());
        Memory instructions = new Memory(filters.length);
        instructions.write(0, filters, 0, filters.length);
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; }: the pointer is aligned to 8.
        Memory fprog = new Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) program.instructions().size());
        fprog.setPointer(Native.POINTER_SIZE, instructions);
        try {
            libc.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, (int) fprog.size());
        } catch (LastErrorException e) {
            throw new IOException("setsockopt(SO_ATTACH_FILTER) of " + program.instructions().size()
                    + " instructions on fd " + fd + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes socket {@code fd}'s program, if it has one. */
    void detach(int fd) throws IOException {
        Memory unused = new Memory(4);
        unused.setInt(0, 0);
        try {
            libc.setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, unused, 4);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ENOENT) {
                throw new IOException("setsockopt(SO_DETACH_FILTER) on fd " + fd + " failed: " + e.getMessage(), e);
            }
        }
    }
}
