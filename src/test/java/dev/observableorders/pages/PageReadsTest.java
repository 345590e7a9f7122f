package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A burst of page views costs Restate a bounded number of reads. */
class PageReadsTest {

	private final ExecutorService views = Executors.newFixedThreadPool(16);

	private final CountDownLatch answer = new CountDownLatch(1);

	private final AtomicInteger reads = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostRunning = new AtomicInteger();

	@AfterEach
	void stop() {
		this.answer.countDown();
		this.views.shutdownNow();
	}

	private PageReads pageReads(Duration cacheFor) {
		OrderFactsReader restate = new OrderFactsReader(null) {
			@Override
			OrderFacts read(String orderId) throws IOException {
				PageReadsTest.this.reads.incrementAndGet();
				PageReadsTest.this.mostRunning.accumulateAndGet(PageReadsTest.this.running.incrementAndGet(),
						Math::max);
				try {
					PageReadsTest.this.answer.await();
				}
				catch (InterruptedException ex) {
					throw new IOException(ex);
				}
				finally {
					PageReadsTest.this.running.decrementAndGet();
				}
				return new OrderFacts(orderId, null, null, List.of(), Instant.now());
			}
		};
		return new PageReads(restate, null,
				new PagesProperties("", "", 10, "", "order-service", true, false, cacheFor, 4));
	}

	private List<CompletableFuture<OrderFacts>> view(PageReads pages, List<String> orders) {
		return orders.stream().map((id) -> CompletableFuture.supplyAsync(() -> {
			try {
				return pages.facts(id);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}, this.views)).toList();
	}

	@Test
	void viewsOfOneOrderAtOnceShareOneRead() {
		PageReads pages = pageReads(Duration.ofSeconds(1));
		List<CompletableFuture<OrderFacts>> views = view(pages, IntStream.range(0, 12).mapToObj((i) -> "o-1").toList());
		await().until(() -> this.reads.get() == 1);

		this.answer.countDown();

		assertThat(views).allSatisfy((view) -> assertThat(view.join().orderId()).isEqualTo("o-1"));
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void aViewAfterTheCacheTimeReadsAgain() throws Exception {
		PageReads pages = pageReads(Duration.ZERO);
		this.answer.countDown();
		pages.facts("o-1");

		pages.facts("o-1");

		assertThat(this.reads).hasValue(2);
	}

	@Test
	void viewsOfManyOrdersReadAtMostFourAtATime() {
		PageReads pages = pageReads(Duration.ofSeconds(1));
		List<CompletableFuture<OrderFacts>> views = view(pages,
				IntStream.range(0, 12).mapToObj((i) -> "o-" + i).toList());
		await().until(() -> this.running.get() == 4);

		this.answer.countDown();

		assertThat(views).allSatisfy((view) -> assertThat(view).succeedsWithin(Duration.ofSeconds(5)));
		assertThat(this.mostRunning).hasValue(4);
		assertThat(this.reads).hasValue(12);
	}

	@Test
	void viewsThatFindEveryReadTakenForTwoSecondsAreAnswered503() {
		PageReads pages = pageReads(Duration.ofSeconds(1));
		List<CompletableFuture<OrderFacts>> views = view(pages,
				IntStream.range(0, 5).mapToObj((i) -> "o-" + i).toList());

		await().atMost(Duration.ofSeconds(10))
			.until(() -> views.stream().anyMatch(CompletableFuture::isCompletedExceptionally));

		assertThat(views.stream().filter(CompletableFuture::isCompletedExceptionally)).singleElement()
			.satisfies((view) -> assertThat(view).failsWithin(Duration.ZERO)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOf(PageReads.PagesBusyException.class));
	}

}
