package dev.observableorders.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two tools write docs/benchmarks.md: the benchmark the whole file, the start-up benchmark
 * its "## Start-up" section. Each keeps what the other wrote.
 */
final class DocSections {

	static final String STARTUP = "## Start-up";

	private DocSections() {
	}

	/** The section {@code heading} of {@code text} up to the next heading, or "". */
	static String section(String text, String heading) {
		int start = text.indexOf("\n" + heading + "\n");
		if (start < 0) {
			return "";
		}
		int end = text.indexOf("\n## ", start + 1);
		return text.substring(start + 1, (end < 0) ? text.length() : end + 1);
	}

	/** {@code text} with its section {@code heading} replaced by {@code section}, or it appended. */
	static String replace(String text, String heading, String section) {
		String old = section(text, heading);
		if (old.isEmpty()) {
			return text.stripTrailing() + "\n\n" + section;
		}
		return text.replace(old, section);
	}

	/** The section {@code heading} of the file as it is now, or "". */
	static String sectionOf(Path file, String heading) throws IOException {
		return Files.isRegularFile(file) ? section(Files.readString(file), heading) : "";
	}

}
