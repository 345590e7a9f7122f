package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The ways a service JVM can start, for the start-up benchmark (docs/benchmarks.md,
 * "Start-up"): besides the jar as shipped and {@link ClassDataSharing}'s layout, the
 * layout the image used before it had an archive (the jar exploded, Boot's
 * {@code JarLauncher}), and JDK 25's ahead-of-time cache (JEP 483/514) trained by one
 * start, where the machine has JDK 25. Each built once per jar under
 * {@code target/startup/}.
 */
public final class StartupLayouts {

	/** How a service JVM starts. */
	public enum Launch {

		/** {@code java -jar} the packaged jar. */
		JAR,
		/**
		 * The jar exploded, started by Boot's {@code JarLauncher} (the image until now).
		 */
		LAUNCHER,
		/** Extracted, with an archive of the classes a training start loaded. */
		CDS,
		/** Extracted, on JDK 25 with an ahead-of-time cache from a training start. */
		AOT,
		/**
		 * As {@link #CDS}, at a lower CPU priority ({@code nice -n 10}): what is already
		 * serving keeps the cores it needs while the new JVM starts.
		 */
		CDS_NICED;

		public static Launch of(String name) {
			return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
		}

	}

	/** System property naming JDK 25's java for {@link Launch#AOT}. */
	public static final String JAVA_25 = "service.java25";

	private static final Path DIRECTORY = Path.of("target", "startup");

	private StartupLayouts() {
	}

	/** JDK 25's java: {@value #JAVA_25}, else Temurin 25 where Debian installs it. */
	public static Path java25() {
		return Path.of(System.getProperty(JAVA_25, "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
	}

	/** The java arguments, after the heap, that start {@code jar} exploded. */
	static synchronized List<String> launcher(Path jar, String javaBinary) {
		Path folder = folder(jar, "launcher");
		try {
			if (!Files.isDirectory(folder.resolve("BOOT-INF"))) {
				ChildProcess.deleteRecursively(folder);
				ClassDataSharing.run(List.of(javaBinary, "-Djarmode=tools", "-jar", jar.toString(), "extract",
						"--launcher", "--destination", folder.toString()), "extracting " + jar);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.of("-cp", folder.toString(), "org.springframework.boot.loader.launch.JarLauncher");
	}

	/**
	 * The java arguments that start {@code jar} extracted with JDK 25's AOT cache, which
	 * one training start (context refreshed, then exit) records and creates.
	 * @throws IllegalStateException when JDK 25 is not there
	 */
	static synchronized List<String> aot(Path jar) {
		Path java = java25();
		if (!Files.isExecutable(java)) {
			throw new IllegalStateException("No JDK 25 at " + java + " (-D" + JAVA_25 + "=PATH)");
		}
		Path folder = folder(jar, "aot");
		Path extracted = folder.resolve(jar.getFileName());
		Path cache = folder.resolve("application.aot");
		try {
			if (!Files.isRegularFile(cache)) {
				ChildProcess.deleteRecursively(folder);
				ClassDataSharing.run(List.of(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
						"--destination", folder.toString()), "extracting " + jar);
				List<String> training = ServiceProcess.java(java.toString());
				training.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar",
						extracted.toString(), "--server.port=0", "--restate.sdk.http.port=0"));
				ClassDataSharing.run(training, "the AOT training start of " + extracted);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.of("-XX:AOTCache=" + cache, "-jar", extracted.toString());
	}

	private static Path folder(Path jar, String launch) {
		String path = jar.toAbsolutePath().normalize().toString();
		return DIRECTORY.resolve(launch + "-" + jar.getFileName().toString().replaceAll("\\.jar$", "") + "-"
				+ Integer.toHexString(path.hashCode()));
	}

}
