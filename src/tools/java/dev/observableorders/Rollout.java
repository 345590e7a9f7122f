package dev.observableorders;

import dev.observableorders.support.FolderLock;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.ToolCommandLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tools/rollout}: rolls the running local cluster ({@code tools/cluster}) to a new
 * build blue/green (docs/operations.md, "Shipping a new version"). The cluster process
 * owns the replicas, so this tool only asks it: it writes a request into the cluster's
 * folder, and prints the progress the cluster writes back until its one-line summary.
 * Exit status 0 when the old version is retired, 1 when orders are left after the drain
 * timeout or the rollout failed, 2 for bad options or when no cluster runs.
 */
public final class Rollout {

	private Rollout() {
	}

	@Command(name = "tools/rollout", description = {
			"Rolls the running tools/cluster to a new build: its replicas start in the other slot (blue",
			"http://127.0.0.1:9090/ or green .../green/), which is registered as a new Restate deployment; the old",
			"replicas serve the invocations pinned to theirs until none is left, then stop, and their deployment",
			"is removed. Prints the invocations left while it drains and ends with one line." },
			footer = { "", "Exit status: 0 retired, 1 orders left after --drain-timeout (both versions keep running;",
					"--retire waits again) or the rollout failed, 2 bad options or no cluster running." })
	static final class Cli {

		@Option(names = "--jar", paramLabel = "FILE", description = "the new build (a copy: target/ is rebuilt)")
		Path jar;

		@Option(names = "--retire",
				description = "no new build: wait again for the orders a timed-out rollout left, then retire")
		boolean retire;

		@Option(names = "--drain-timeout", paramLabel = "DURATION",
				description = "how long to wait for the old deployment's orders (default ${DEFAULT-VALUE})")
		Duration drainTimeout = Duration.ofMinutes(10);

		@Option(names = "--data", paramLabel = "DIR",
				description = "the running cluster's folder (default ${DEFAULT-VALUE})")
		Path data = Path.of(".restate-cluster");

		@Mixin
		ToolCommandLine.Help help;

	}

	public static void main(String[] args) throws InterruptedException {
		Cli cli = ToolCommandLine.optionsOrExit("rollout", new Cli(), args, (given) -> {
			Cli parsed = ToolCommandLine.parse(new Cli(), given);
			if (parsed.retire == (parsed.jar != null)) {
				throw new IllegalArgumentException("give --jar FILE (a new build) or --retire, one of them");
			}
			if (parsed.jar != null && !(Files.isRegularFile(parsed.jar) && parsed.jar.toString().endsWith(".jar"))) {
				throw new IllegalArgumentException("--jar " + parsed.jar + " is not a jar file");
			}
			if (parsed.drainTimeout.isNegative() || parsed.drainTimeout.isZero()) {
				throw new IllegalArgumentException("--drain-timeout must be above 0");
			}
			return parsed;
		});
		if (cli == null) {
			return;
		}
		Path folder = cli.data.toAbsolutePath();
		if (!Files.isDirectory(folder) || isFree(folder)) {
			System.err.println("rollout: no cluster runs from " + folder + ": start tools/cluster first");
			System.exit(2);
			return;
		}
		Requests requests = new Requests(folder);
		String id = requests.submit(cli.retire ? null : cli.jar.toAbsolutePath(), cli.drainTimeout);
		System.exit(requests.follow(id, System.out::println) ? 0 : 1);
	}

	private static boolean isFree(Path folder) {
		try {
			FolderLock.requireUnheld(folder, "A cluster");
			return true;
		}
		catch (FolderLock.Taken held) {
			return false;
		}
	}

	/**
	 * The requests a rollout tool leaves in the cluster's folder and the cluster takes:
	 * {@code rollout/request.properties} (written whole, then moved into place), and
	 * {@code rollout/<id>.log}, one progress line at a time, the last starting with
	 * {@code done: } or {@code failed: }.
	 */
	static final class Requests {

		private static final String DONE = "done: ";

		private static final String LEFT = "left: ";

		private static final String FAILED = "failed: ";

		/** How long the cluster may take to notice a request before the tool gives up. */
		private static final Duration PICK_UP = Duration.ofSeconds(10);

		private final Path folder;

		Requests(Path clusterFolder) {
			this.folder = clusterFolder.resolve("rollout");
		}

		private Path request() {
			return this.folder.resolve("request.properties");
		}

		private Path log(String id) {
			return this.folder.resolve(id + ".log");
		}

		/** @param jar null: retire the previous version */
		String submit(Path jar, Duration drainTimeout) {
			String id = UUID.randomUUID().toString();
			Properties request = new Properties();
			request.setProperty("id", id);
			if (jar != null) {
				request.setProperty("jar", jar.toString());
			}
			request.setProperty("drain-timeout", drainTimeout.toString());
			try {
				Files.createDirectories(this.folder);
				Path written = Files.createTempFile(this.folder, "request-", ".tmp");
				try (var out = Files.newOutputStream(written)) {
					request.store(out, "tools/rollout");
				}
				Files.move(written, request(), StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return id;
		}

		/**
		 * Prints the cluster's progress on request {@code id} until its last line.
		 * @return true when the old version was retired
		 */
		boolean follow(String id, Consumer<String> out) throws InterruptedException {
			Instant asked = Instant.now();
			int printed = 0;
			while (true) {
				List<String> lines = lines(log(id));
				if (lines.isEmpty() && Files.exists(request())
						&& Duration.between(asked, Instant.now()).compareTo(PICK_UP) > 0) {
					deleteQuietly(request());
					out.accept("The cluster did not take the request within " + PICK_UP.toSeconds()
							+ " s: is it a tools/cluster of this version?");
					return false;
				}
				for (String line : lines.subList(printed, lines.size())) {
					if (line.startsWith(DONE) || line.startsWith(LEFT) || line.startsWith(FAILED)) {
						out.accept(line.substring(line.indexOf(' ') + 1));
						return line.startsWith(DONE);
					}
					out.accept(line);
				}
				printed = lines.size();
				Thread.sleep(250);
			}
		}

		/**
		 * The cluster's side: takes a waiting request, if any, and carries it out with
		 * its progress in the request's log.
		 */
		void serveOne(OrdersCluster cluster, Consumer<String> echo) {
			Path request = request();
			if (!Files.exists(request)) {
				return;
			}
			Properties properties = new Properties();
			String id;
			try {
				Path taken = this.folder.resolve("taken.properties");
				Files.move(request, taken, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				try (var in = Files.newInputStream(taken)) {
					properties.load(in);
				}
				id = properties.getProperty("id");
			}
			catch (IOException ex) {
				echo.accept("rollout: a request could not be read: " + ex.getMessage());
				return;
			}
			Path log = log(id);
			Consumer<String> progress = (line) -> {
				echo.accept("rollout: " + line);
				append(log, line);
			};
			try {
				Duration timeout = Duration.parse(properties.getProperty("drain-timeout"));
				String jar = properties.getProperty("jar");
				OrdersCluster.Rollout rollout = (jar != null) ? cluster.rollout(Path.of(jar), timeout, progress)
						: cluster.retire(timeout, progress);
				progress.accept((rollout.retired() ? DONE : LEFT) + rollout.summary());
			}
			catch (RuntimeException ex) {
				progress.accept(FAILED + "the rollout stopped: " + ex.getMessage());
			}
		}

		private static void append(Path log, String line) {
			try {
				Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static List<String> lines(Path log) {
			try {
				return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static void deleteQuietly(Path file) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// the cluster may have taken it meanwhile
			}
		}

	}

}
