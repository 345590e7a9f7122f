package dev.observableorders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RealRestateTest;
import dev.observableorders.support.ScriptedPartners.ScriptedPayments;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DuplicateSubmissionIT extends RealRestateTest {

	@Autowired
	ScriptedPayments payments;

	@Test
	void sameOrderSubmittedFiftyTimesAtOnceIsProcessedAndChargedOnce() {
		ExecutorService callers = Executors.newFixedThreadPool(50);
		try {
			List<CompletableFuture<Reply>> replies = IntStream.range(0, 50)
				.mapToObj((i) -> CompletableFuture.supplyAsync(
						() -> this.ingress.processOrder("dup-1", Ingress.seedOrder("dup-1", "cust-1")), callers))
				.toList();

			List<Reply> answers = replies.stream().map(CompletableFuture::join).toList();

			assertThat(answers).extracting(Reply::status).containsOnly(200);
			assertThat(answers).extracting(Reply::body).containsOnly(answers.get(0).body());
			assertThat(answers.get(0).field("status")).isEqualTo("completed");
			assertThat(this.payments.calls("dup-1")).isEqualTo(1);
			assertThat(this.payments.charges("dup-1")).isEqualTo(1);
		}
		finally {
			callers.shutdownNow();
		}
	}

}
