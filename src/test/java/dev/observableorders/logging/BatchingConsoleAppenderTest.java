package dev.observableorders.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class BatchingConsoleAppenderTest {

	private final LoggerContext context = new LoggerContext();

	private final CapturingStream out = new CapturingStream();

	private BatchingConsoleAppender appender;

	@AfterEach
	void stop() {
		if (this.appender != null) {
			this.appender.stop();
		}
	}

	@Test
	void writesEveryLineWholeAndInOrderFromManyThreadsEvenWhenTheBufferIsFull() throws InterruptedException {
		// stdout keeps up here: callers may wait as long as they need, nothing is dropped
		start(256, Duration.ofSeconds(30));
		int threads = 8;
		int linesPerThread = 2000;
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int caller = t;
			Thread thread = new Thread(() -> {
				for (int i = 0; i < linesPerThread; i++) {
					log("caller-" + caller + " line-" + i);
				}
			});
			thread.start();
			callers.add(thread);
		}
		for (Thread caller : callers) {
			caller.join();
		}
		this.appender.stop();

		String[] lines = this.out.text().split("\n");
		assertThat(lines).hasSize(threads * linesPerThread);
		for (int t = 0; t < threads; t++) {
			String prefix = "caller-" + t + " ";
			List<String> own = List.of(lines).stream().filter((line) -> line.startsWith(prefix)).toList();
			assertThat(own).hasSize(linesPerThread);
			for (int i = 0; i < linesPerThread; i++) {
				assertThat(own.get(i)).isEqualTo(prefix + "line-" + i);
			}
		}
	}

	@Test
	void aQuietServiceStillSeesEachLineAtOnce() {
		start(1024 * 1024);

		log("just one line");

		await().atMost(Duration.ofSeconds(5)).until(() -> this.out.text().equals("just one line\n"));
	}

	@Test
	void linesThatArriveDuringAWriteGoOutTogetherInTheNextOne() throws InterruptedException {
		CountDownLatch firstWriteEntered = new CountDownLatch(1);
		CountDownLatch releaseFirstWrite = new CountDownLatch(1);
		this.out.blockFirstWrite(firstWriteEntered, releaseFirstWrite);
		start(1024 * 1024);

		log("first");
		assertThat(firstWriteEntered.await(5, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 100; i++) {
			log("queued " + i);
		}
		releaseFirstWrite.countDown();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.out.text().split("\n").length == 101);
		assertThat(this.out.writes()).isEqualTo(2);
	}

	@Test
	void aBlockedStdoutCostsEachCallerAtMostMaxWaitThenItsLineIsDroppedCountedAndReported()
			throws InterruptedException {
		CountDownLatch firstWriteEntered = new CountDownLatch(1);
		CountDownLatch releaseFirstWrite = new CountDownLatch(1);
		this.out.blockFirstWrite(firstWriteEntered, releaseFirstWrite);
		start(100, Duration.ofMillis(10));
		long droppedBefore = BatchingConsoleAppender.DROPPED.get();
		log("first");
		assertThat(firstWriteEntered.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 100; i++) {
				log("while blocked " + i);
			}
		});

		assertThat(caller).as("a caller is never held by a blocked stdout for long")
			.succeedsWithin(Duration.ofSeconds(30));
		long dropped = BatchingConsoleAppender.DROPPED.get() - droppedBefore;
		assertThat(dropped).isGreaterThan(80);
		releaseFirstWrite.countDown();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.out.text().contains("Dropped " + dropped + " log lines: stdout did not take them"));
		assertThat(this.out.text().lines().filter((line) -> line.startsWith("while blocked ")))
			.hasSize((int) (100 - dropped));
	}

	@Test
	void anOversizedLineIsWrittenCutToTheLimit() {
		start(1024 * 1024);
		this.appender.setMaxLineBytes(1000);
		long truncatedBefore = BatchingConsoleAppender.TRUNCATED.get();

		log("x".repeat(100_000));
		this.appender.stop();

		assertThat(this.out.text().lines()).singleElement()
			.satisfies((line) -> assertThat(line.length()).isLessThanOrEqualTo(1000))
			.asString()
			.startsWith("xxx")
			.endsWith("[truncated: the line had 100001 bytes]");
		assertThat(BatchingConsoleAppender.TRUNCATED.get() - truncatedBefore).isEqualTo(1);
	}

	@Test
	void theCallerOnlyHandsItsEventOverAndTheWriterThreadEncodesIt() {
		Set<String> encodingThreads = ConcurrentHashMap.newKeySet();
		start(1024 * 1024, Duration.ofMillis(100), (event) -> {
			encodingThreads.add(Thread.currentThread().getName());
			return event.getFormattedMessage();
		});

		for (int i = 0; i < 100; i++) {
			log("line " + i);
		}
		this.appender.stop();

		assertThat(this.out.text().lines()).hasSize(100);
		assertThat(encodingThreads).containsExactly("log-writer-test");
	}

	@Test
	void anAttachedAppenderGetsEveryWrittenLineInOrderOnTheWriterThread() {
		start(1024 * 1024);
		List<String> seen = new CopyOnWriteArrayList<>();
		Set<String> threads = ConcurrentHashMap.newKeySet();
		AppenderBase<ILoggingEvent> follower = new AppenderBase<>() {

			@Override
			protected void append(ILoggingEvent event) {
				seen.add(event.getFormattedMessage());
				threads.add(Thread.currentThread().getName());
			}

		};
		follower.setContext(this.context);
		follower.setName("follower");
		follower.start();
		this.appender.addAppender(follower);

		for (int i = 0; i < 100; i++) {
			log("line " + i);
		}

		await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 100);
		assertThat(seen).isEqualTo(IntStream.range(0, 100).mapToObj((i) -> "line " + i).toList());
		assertThat(threads).containsExactly("log-writer-test");
		assertThat(this.appender.getAppender("follower")).isSameAs(follower);
		this.appender.stop();
		assertThat(follower.isStarted()).as("stopped with the appender that feeds it").isFalse();
	}

	@Test
	void aLineSaysWhatWasTrueWhenItWasLoggedNotWhenItIsEncoded() throws Exception {
		CountDownLatch firstWriteEntered = new CountDownLatch(1);
		CountDownLatch releaseFirstWrite = new CountDownLatch(1);
		this.out.blockFirstWrite(firstWriteEntered, releaseFirstWrite);
		start(1024 * 1024, Duration.ofMillis(100), (event) -> event.getFormattedMessage() + " orderId="
				+ event.getMDCPropertyMap().get("orderId") + " thread=" + event.getThreadName());
		log("first");
		assertThat(firstWriteEntered.await(5, TimeUnit.SECONDS)).isTrue();

		Thread caller = new Thread(() -> {
			this.context.getMDCAdapter().put("orderId", "order-1");
			logWithArgument("paid {}", "12.50");
			// what happens on this thread after the call is not the line's business
			this.context.getMDCAdapter().put("orderId", "order-2");
			Thread.currentThread().setName("renamed");
		}, "handler-7");
		caller.start();
		caller.join();
		releaseFirstWrite.countDown();
		this.appender.stop();

		assertThat(this.out.text().lines()).containsExactly("first orderId=null thread=main",
				"paid 12.50 orderId=order-1 thread=handler-7");
	}

	@Test
	void anEventTheEncoderFailsOnCostsOnlyItsOwnLine() {
		start(1024 * 1024, Duration.ofMillis(100), (event) -> {
			if (event.getFormattedMessage().equals("poison")) {
				throw new IllegalStateException("cannot encode this one");
			}
			return event.getFormattedMessage();
		});

		log("before");
		log("poison");
		log("after");
		this.appender.stop();

		assertThat(this.out.text().lines()).containsExactly("before", "after");
		assertThat(this.context.getStatusManager().getCopyOfStatusList())
			.anySatisfy((status) -> assertThat(status.getMessage()).isEqualTo("Cannot encode a log line of test"));
	}

	@Test
	void theBufferEstimateGrowsWithWhatTheLineCarries() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		LoggingEvent plain = event("short");
		this.context.getMDCAdapter().put("orderId", "order-" + "9".repeat(100));
		LoggingEvent withContext = event("short");
		// as the appender does before it estimates: the MDC as it is at the call
		withContext.prepareForDeferredProcessing();
		LoggingEvent withStackTrace = new LoggingEvent(getClass().getName(), this.context.getLogger("test"),
				Level.ERROR, "short", new IllegalStateException("boom"), null);
		this.context.getMDCAdapter().clear();
		LoggingEvent longMessage = event("x".repeat(10_000));

		assertThat(BatchingConsoleAppender.estimatedBytes(plain))
			.isEqualTo(BatchingConsoleAppender.FIXED_FIELDS_BYTES + "short".length());
		assertThat(BatchingConsoleAppender.estimatedBytes(withContext))
			.isGreaterThan(BatchingConsoleAppender.estimatedBytes(plain) + 100);
		assertThat(BatchingConsoleAppender.estimatedBytes(withStackTrace))
			.isGreaterThan(BatchingConsoleAppender.estimatedBytes(plain) + 1000);
		assertThat(BatchingConsoleAppender.estimatedBytes(longMessage)).isGreaterThan(10_000);
	}

	@Test
	void aKeyValuePairWithoutAKeyIsStillWritten() {
		start(1024 * 1024, Duration.ofMillis(100), (event) -> event.getFormattedMessage() + " "
				+ event.getKeyValuePairs().get(0).key + "=" + event.getKeyValuePairs().get(0).value);
		LoggingEvent event = event("with a pair");
		event.addKeyValuePair(new KeyValuePair(null, "value"));

		this.appender.doAppend(event);
		this.appender.stop();

		assertThat(this.out.text().lines()).containsExactly("with a pair null=value");
	}

	@Test
	void stopWritesWhatIsLeft() {
		start(1024 * 1024);
		for (int i = 0; i < 1000; i++) {
			log("line " + i);
		}

		this.appender.stop();

		assertThat(this.out.text().split("\n")).hasSize(1000).endsWith("line 999");
	}

	private void start(int maxBufferedBytes) {
		start(maxBufferedBytes, Duration.ofMillis(100));
	}

	private void start(int maxBufferedBytes, Duration maxWait) {
		start(maxBufferedBytes, maxWait, ILoggingEvent::getFormattedMessage);
	}

	private void start(int maxBufferedBytes, Duration maxWait, Function<ILoggingEvent, String> line) {
		// as in a configured Logback: events read the MDC through the context's adapter
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.appender = new BatchingConsoleAppender(this.out);
		this.appender.setMaxWait(ch.qos.logback.core.util.Duration.buildByMilliseconds(maxWait.toMillis()));
		this.appender.setContext(this.context);
		this.appender.setName("test");
		TextEncoder encoder = new TextEncoder(line);
		encoder.setContext(this.context);
		this.appender.setEncoder(encoder);
		this.appender.setMaxBufferedBytes(maxBufferedBytes);
		this.appender.start();
		assertThat(this.appender.isStarted()).isTrue();
	}

	private void log(String message) {
		this.appender.doAppend(event(message));
	}

	private void logWithArgument(String format, Object argument) {
		this.appender.doAppend(new LoggingEvent(getClass().getName(), this.context.getLogger("test"), Level.INFO,
				format, null, new Object[] { argument }));
	}

	private LoggingEvent event(String message) {
		return new LoggingEvent(getClass().getName(), this.context.getLogger("test"), Level.INFO, message, null, null);
	}

	/** One line per event, as the test says. */
	static final class TextEncoder extends EncoderBase<ILoggingEvent> {

		private final Function<ILoggingEvent, String> line;

		TextEncoder(Function<ILoggingEvent, String> line) {
			this.line = line;
		}

		@Override
		public byte[] headerBytes() {
			return new byte[0];
		}

		@Override
		public byte[] encode(ILoggingEvent event) {
			return (this.line.apply(event) + "\n").getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte[] footerBytes() {
			return new byte[0];
		}

	}

	/** Records what was written and how many write calls it took. */
	static final class CapturingStream extends OutputStream {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final AtomicInteger writes = new AtomicInteger();

		private volatile CountDownLatch entered;

		private volatile CountDownLatch release;

		void blockFirstWrite(CountDownLatch entered, CountDownLatch release) {
			this.entered = entered;
			this.release = release;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			if (this.writes.incrementAndGet() == 1 && this.entered != null) {
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			synchronized (this.bytes) {
				this.bytes.write(b, off, len);
			}
		}

		String text() {
			synchronized (this.bytes) {
				return this.bytes.toString(StandardCharsets.UTF_8);
			}
		}

		int writes() {
			return this.writes.get();
		}

	}

}
