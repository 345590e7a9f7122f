package dev.observableorders.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

	@TempDir
	Path dir;

	@Test
	void childrenDieWithTheJvmThatStartedThemEvenWhenThatJvmIsKilledHard() throws Exception {
		Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Parent.class.getName(), this.dir.resolve("sleep.log").toString())
			.redirectErrorStream(true)
			.start();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
			String line = out.readLine();
			assertThat(line).as("the parent's first line").startsWith("child ");
			ProcessHandle child = ProcessHandle.of(Long.parseLong(line.substring("child ".length()))).orElseThrow();
			assertThat(out.readLine()).isEqualTo("the thread that asked for it has ended");
			// Linux signals a child when the thread that forked it ends: this one lives
			// on
			assertThat(child.isAlive()).isTrue();

			parent.destroyForcibly();

			await("the child gone with its parent").atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
		}
		finally {
			parent.destroyForcibly();
		}
	}

	@Test
	void aProgramThatExitsFailsItsStartAtOnceSayingWhatItsLogSaid() {
		Path log = this.dir.resolve("failing.log");

		assertThatThrownBy(() -> ChildProcess.start("failing program",
				List.of("sh", "-c", "echo 'cannot bind 127.0.0.1:1'; exit 3"), Map.of(), log, Duration.ofMinutes(5),
				() -> false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("failing program exited")
			.hasMessageContaining("cannot bind 127.0.0.1:1");
	}

	@Test
	void aKilledProgramRestartsWithTheSameCommandAndEnvironmentItsLogFollowingOn() throws IOException {
		Path log = this.dir.resolve("server.log");
		ChildProcess server = ChildProcess.start("server",
				List.of("sh", "-c", "echo \"started with $GREETING\"; exec sleep 300"), Map.of("GREETING", "hello"),
				log, Duration.ofSeconds(10), () -> Files.readString(log).contains("started"));
		try {
			long first = server.pid();

			server.kill();
			assertThat(server.isAlive()).isFalse();
			server.restart();

			assertThat(server.isAlive()).isTrue();
			assertThat(server.pid()).isNotEqualTo(first);
			assertThat(Files.readAllLines(log)).containsExactly("started with hello", "started with hello");
		}
		finally {
			server.close();
		}
		assertThat(server.isAlive()).isFalse();
	}

	@Test
	void aFrozenProgramRunsNoThreadUntilItIsThawed() throws IOException {
		Path log = this.dir.resolve("ticker.log");
		ChildProcess ticker = ChildProcess.start("ticker",
				List.of("sh", "-c", "while true; do echo tick; sleep 0.05; done"), Map.of(), log,
				Duration.ofSeconds(10), () -> Files.readString(log).contains("tick"));
		try {
			ticker.freeze();
			await("stopped").atMost(Duration.ofSeconds(5)).until(() -> state(ticker) == 'T');
			long frozenAt = Files.size(log);
			// a stopped program writes nothing, however long it is left: a second's
			// chance to write 20 lines, polled, would show one
			await("no line while frozen").during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> Files.size(log) == frozenAt);

			ticker.thaw();

			await("ticking again").atMost(Duration.ofSeconds(5)).until(() -> Files.size(log) > frozenAt);
			assertThat(state(ticker)).isNotEqualTo('T');
		}
		finally {
			// a stopped program ignores SIGTERM until continued; a dead one cannot be
			if (ticker.isAlive()) {
				ticker.thaw();
			}
			ticker.close();
		}
	}

	/** The process state letter of /proc/PID/stat: T when stopped by a signal. */
	private static char state(ChildProcess child) throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(child.pid()), "stat"));
		return stat.charAt(stat.lastIndexOf(')') + 2);
	}

	/**
	 * Starts {@code sleep} from a thread that then ends, says so, and waits to be killed.
	 */
	static final class Parent {

		public static void main(String[] args) throws Exception {
			Path log = Path.of(args[0]);
			CountDownLatch started = new CountDownLatch(1);
			long[] pid = new long[1];
			Thread asking = new Thread(() -> {
				pid[0] = ChildProcess
					.launch("sleep", List.of("sleep", "300"), Map.of(), log, Duration.ofSeconds(1), () -> true)
					.pid();
				started.countDown();
			});
			asking.start();
			started.await();
			asking.join();
			System.out.println("child " + pid[0]);
			System.out.println("the thread that asked for it has ended");
			System.out.flush();
			new CountDownLatch(1).await();
		}

	}

}
