package dev.observableorders.restate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An instance runs at most {@code restate.deployment.max-concurrent-invocations} at once;
 * Restate retries the ones turned away, and every order still completes once.
 */
class InvocationLimitIT {

	private static final String RUNNING = "restate_endpoint_invocations_running{application=\"order-service\"}";

	private static RestateServer restate;

	private static StubPaymentGateway gateway;

	private static ServiceProcess service;

	@BeforeAll
	static void start() {
		restate = RestateServer.startFresh();
		gateway = new StubPaymentGateway();
		service = ServiceProcess.start(restate, "--payment.gateway.url=" + gateway.url(),
				"--restate.deployment.max-concurrent-invocations=2");
	}

	@AfterAll
	static void stop() {
		service.close();
		gateway.close();
		restate.close();
	}

	@Test
	void invocationsBeyondTheLimitWaitInRestateAndAllComplete() {
		gateway.latency(Duration.ofMillis(700));
		Ingress ingress = new Ingress(restate.ingressUrl());
		List<CompletableFuture<Reply>> replies = IntStream.range(0, 6)
			.mapToObj((i) -> ingress.processOrderAsync("limited-" + i,
					"{\"customerId\":\"c\",\"items\":[\"a\"],\"total\":10}"))
			.toList();
		AtomicInteger mostRunning = new AtomicInteger();

		await("every order answered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
			mostRunning.accumulateAndGet((int) service.scrape().value(RUNNING), Math::max);
			return replies.stream().allMatch(CompletableFuture::isDone);
		});

		assertThat(replies).allSatisfy((reply) -> assertThat(reply.join().field("status")).isEqualTo("completed"));
		assertThat(IntStream.range(0, 6).map((i) -> gateway.charges("limited-" + i))).containsOnly(1);
		assertThat(mostRunning.get()).as("invocations seen running at once").isBetween(1, 2);
		assertThat(service.scrape().sum("restate_endpoint_invocations_rejected_total")).isPositive();
		assertThat(service.scrape().value(RUNNING)).isZero();
	}

}
