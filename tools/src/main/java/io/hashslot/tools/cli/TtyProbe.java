package io.hashslot.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether this process's stdin/stdout are terminals (isatty), asked of JLine's native or exec provider. */
final class TtyProbe {
    private TtyProbe() {
    }

    static boolean isTty(SystemStream stream) {
        for (String name : new String[] {"jni", "ffm", "exec"}) {
            try {
                return TerminalProvider.load(name).isSystemStream(stream);
            } catch (IOException | RuntimeException | LinkageError e) {
                // try the next provider
            }
        }
        return procFallback(stream);
    }

    /** Linux without a working provider: a descriptor pointing at /dev/pts/N or /dev/ttyN is a terminal. */
    private static boolean procFallback(SystemStream stream) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + stream.ordinal())).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
