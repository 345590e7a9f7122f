package dev.observableorders.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs the tests take from the machine (Prometheus, promtool, HAProxy, Chromium and
 * its driver): found on the PATH, and required in one way — a test without them skips,
 * unless CI's variable for them is true, then it fails, so that CI never passes by
 * skipping.
 */
final class Installed {

	private Installed() {
	}

	/** A program on the PATH, if installed. */
	static Optional<Path> onPath(String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.map((dir) -> Path.of(dir, program))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Skips the calling test when {@code found} is false, or fails it when the
	 * environment variable {@code required} is {@code true}.
	 * @param hint what is missing and how to install it
	 */
	static void require(boolean found, String required, String hint) {
		if (!found && Boolean.parseBoolean(System.getenv(required))) {
			throw new AssertionError(hint + " (" + required + "=true)");
		}
		Assumptions.assumeTrue(found, hint);
	}

}
