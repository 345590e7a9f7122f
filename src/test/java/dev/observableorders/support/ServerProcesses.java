package dev.observableorders.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Stopping the servers the tests start as processes, and cleaning up after them. */
final class ServerProcesses {

	private ServerProcesses() {
	}

	/** SIGTERM and wait, as an operator stops a server; SIGKILL if that fails. */
	static void stop(Process process) {
		process.destroy();
		try {
			process.onExit().get();
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
	}

	static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temp directory is not worth failing a test run for
		}
	}

}
