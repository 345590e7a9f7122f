package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Spring Boot's class-data-sharing layout of the packaged jar, for the service JVMs the
 * tests start: the jar extracted ({@code -Djarmode=tools extract}) and an archive of the
 * classes one training start loads ({@code -XX:ArchiveClassesAtExit},
 * {@code -Dspring.context.exit=onRefresh}). Why: the suite starts the service dozens of
 * times on 2 cores shared with Restate, and a replica restarted under load in the cluster
 * test took 85 s of its 90 s budget. Measured on an idle machine (2026-12-01): a start
 * costs 12 to 14 s of CPU from the jar, 6.7 to 7.5 s from this layout.
 *
 * <p>
 * Built once per jar (its size and time stamp are the key) under {@code target/cds/}, one
 * folder per jar (a rollout runs two builds side by side), under a file lock so that two
 * JVMs (failsafe and a tool) do not build it at once. A folder whose jar is gone is
 * deleted with the next build. Anything failing here fails the start: a silent fallback
 * would hide a slow suite.
 */
final class ClassDataSharing {

	private static final Path DIRECTORY = Path.of("target", "cds");

	private static final String ARCHIVE = "application.jsa";

	private static final String STAMP = "built-from";

	private ClassDataSharing() {
	}

	/**
	 * The java arguments that start {@code jar} from its layout: JVM options, then -jar.
	 */
	static synchronized List<String> launch(Path jar, String javaBinary) {
		try {
			Files.createDirectories(DIRECTORY.getParent());
			try (FileChannel lockFile = FileChannel.open(Path.of("target", "cds.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
				Path folder = folder(jar);
				Path extracted = folder.resolve(jar.getFileName());
				Path archive = folder.resolve(ARCHIVE);
				Path stamp = folder.resolve(STAMP);
				String key = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar);
				if (!Files.isRegularFile(archive) || !Files.isRegularFile(stamp)
						|| !Files.readString(stamp).equals(key)) {
					deleteFoldersOfGoneJars();
					build(jar, javaBinary, folder, extracted, archive);
					Files.writeString(stamp, key);
				}
				// on, not auto: an archive the JVM cannot use stops the start instead of
				// slowing it
				return List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code target/cds/<jar name>-<hash of its path>}. */
	private static Path folder(Path jar) {
		String path = jar.toAbsolutePath().normalize().toString();
		return DIRECTORY.resolve(
				jar.getFileName().toString().replaceAll("\\.jar$", "") + "-" + Integer.toHexString(path.hashCode()));
	}

	/** Layouts of jars that no longer exist (a rollout's version built in a test). */
	private static void deleteFoldersOfGoneJars() throws IOException {
		if (!Files.isDirectory(DIRECTORY)) {
			return;
		}
		try (Stream<Path> folders = Files.list(DIRECTORY)) {
			for (Path folder : folders.filter(Files::isDirectory).toList()) {
				Path stamp = folder.resolve(STAMP);
				String built = Files.isRegularFile(stamp) ? Files.readString(stamp) : "";
				String jar = built.contains(" ") ? built.substring(0, built.indexOf(' ')) : "";
				if (jar.isEmpty() || !Files.exists(Path.of(jar))) {
					ChildProcess.deleteRecursively(folder);
				}
			}
		}
	}

	private static void build(Path jar, String javaBinary, Path folder, Path extracted, Path archive)
			throws IOException {
		if (Files.exists(folder)) {
			ChildProcess.deleteRecursively(folder);
		}
		run(List.of(javaBinary, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				folder.toString()), "extracting " + jar);
		// the training start refreshes the context and exits: no port is bound, nothing
		// registered
		List<String> training = ServiceProcess.java(javaBinary);
		training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
				extracted.toString(), "--server.port=0", "--restate.sdk.http.port=0"));
		run(training, "the training start of " + extracted);
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("The training start of " + extracted + " wrote no " + archive);
		}
	}

	static void run(List<String> command, String what) throws IOException {
		Path output = Files.createTempFile("cds-", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(what + " failed: " + String.join(" ", command) + ", see " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(what + " interrupted", ex);
		}
		Files.delete(output);
	}

}
