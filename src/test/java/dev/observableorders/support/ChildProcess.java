package dev.observableorders.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * One program the tests and the local runs start — Restate, the service, Prometheus,
 * HAProxy, s3rver — launched, awaited, killed, restarted, frozen and stopped the same
 * way: its output appended to one log (a restarted program's log follows the killed
 * one's), "up" when its probe holds within a budget, with the log's last lines in the
 * failure when it is not.
 *
 * <p>
 * Children die with the JVM that started them, even when that JVM is killed with -9 (a
 * local run's launcher killed hard left Restate and Prometheus running on their ports):
 * each is started through {@code setpriv --pdeathsig KILL}, from one thread that lives as
 * long as the JVM, because Linux signals the child when the thread that forked it ends,
 * not the process — started from a test's or main's thread, a child would die with that
 * thread. {@code ChildProcessTest} proves both.
 */
public final class ChildProcess implements AutoCloseable {

	/** What "up" means for a program; exceptions count as "not yet". */
	@FunctionalInterface
	public interface Probe {

		boolean up() throws Exception;

	}

	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	/**
	 * The one thread every child is forked from; a daemon, so that it never keeps the JVM
	 * alive, and never ends before it.
	 */
	private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "child-process-launcher");
		thread.setDaemon(true);
		return thread;
	});

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final Path log;

	private final Duration startBudget;

	private final Probe probe;

	private volatile Process process;

	private ChildProcess(String name, List<String> command, Map<String, String> environment, Path log,
			Duration startBudget, Probe probe) {
		this.name = name;
		this.command = List.copyOf(command);
		this.environment = Map.copyOf(environment);
		this.log = log;
		this.startBudget = startBudget;
		this.probe = probe;
	}

	/**
	 * Starts {@code command} and returns at once; {@link #awaitUp()} waits for
	 * {@code probe}.
	 * @param name what the messages call it, e.g. "Restate server"
	 * @param environment added to this JVM's
	 * @param startBudget how long {@link #awaitUp()} waits
	 */
	public static ChildProcess launch(String name, List<String> command, Map<String, String> environment, Path log,
			Duration startBudget, Probe probe) {
		ChildProcess child = new ChildProcess(name, command, environment, log, startBudget, probe);
		child.launch();
		return child;
	}

	/**
	 * As {@link #launch}, then {@link #awaitUp()}; stopped again if it does not come up.
	 */
	public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log,
			Duration startBudget, Probe probe) {
		ChildProcess child = launch(name, command, environment, log, startBudget, probe);
		try {
			return child.awaitUp();
		}
		catch (RuntimeException ex) {
			child.close();
			throw ex;
		}
	}

	private void launch() {
		List<String> full = new ArrayList<>();
		if (Files.isExecutable(SETPRIV)) {
			full.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
		}
		full.addAll(this.command);
		ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().putAll(this.environment);
		try {
			this.process = LAUNCHER.submit(builder::start).get();
		}
		catch (ExecutionException ex) {
			throw new UncheckedIOException("Cannot start " + this.name + " (" + this.command.get(0) + ")",
					(ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted starting " + this.name, ex);
		}
	}

	/** Until the probe holds; fails at once if the program exits, with its log's end. */
	public ChildProcess awaitUp() {
		return awaitUntil("up", this.startBudget, this.probe);
	}

	/**
	 * Until another probe holds (e.g. readiness after liveness), as {@link #awaitUp()}.
	 * @param state what the failure calls it, e.g. "ready"
	 */
	public ChildProcess awaitUntil(String state, Duration budget, Probe until) {
		try {
			await(this.name + " " + state + ", log " + this.log).atMost(budget)
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.failFast(this.name + " exited, see " + this.log, () -> !this.process.isAlive())
				.until(until::up);
			return this;
		}
		catch (RuntimeException ex) {
			// the log may live in a directory the caller deletes: say what it said
			throw new IllegalStateException(ex.getMessage() + "\nlast lines of " + this.log + ":\n" + tail(20), ex);
		}
	}

	/** kill -9: no shutdown hooks, no graceful anything, as when a machine dies. */
	public void kill() {
		this.process.destroyForcibly();
		this.process.onExit().join();
	}

	/**
	 * Starts it again with the same command, e.g. after {@link #kill()}, and awaits it.
	 */
	public void restart() {
		restart(this.startBudget);
	}

	/** As {@link #restart()}, waiting up to {@code budget} for it to be up. */
	public void restart(Duration budget) {
		launch();
		awaitUntil("up", budget, this.probe);
	}

	/** SIGTERM and wait, as an operator stops a server; SIGKILL if that fails. */
	@Override
	public void close() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			this.process.onExit().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		catch (ExecutionException ex) {
			this.process.destroyForcibly();
		}
	}

	/**
	 * SIGSTOP: the program holds its memory and sockets but runs no thread until
	 * {@link #thaw()}, as a benchmark needs of the variants waiting for their turn.
	 */
	public void freeze() {
		signal("STOP");
	}

	/** SIGCONT after {@link #freeze()}; harmless on a running program. */
	public void thaw() {
		signal("CONT");
	}

	/** Through the shell's {@code kill}: the JDK sends only TERM and KILL. */
	private void signal(String signal) {
		List<String> command = List.of("sh", "-c", "kill -" + signal + " " + pid());
		try {
			int status = new ProcessBuilder(command).inheritIO().start().waitFor();
			if (status != 0) {
				throw new IllegalStateException("kill -" + signal + " of the " + this.name + " exited with " + status);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while sending SIG" + signal + " to the " + this.name, ex);
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The running program's process id (setpriv execs it: the same process). */
	public long pid() {
		return this.process.pid();
	}

	/** Completes when the running process exits, with its exit status. */
	public CompletableFuture<Integer> onExit() {
		return this.process.onExit().thenApply(Process::exitValue);
	}

	public Path log() {
		return this.log;
	}

	/** The last lines of the log. */
	public String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(unreadable: " + ex + ")";
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
