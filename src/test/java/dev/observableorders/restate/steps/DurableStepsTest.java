package dev.observableorders.restate.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.restate.invocation.SdkHandlerContext;
import dev.restate.common.Slice;
import dev.restate.sdk.common.RetryPolicy;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import dev.restate.sdk.endpoint.definition.HandlerDefinition;
import dev.restate.sdk.endpoint.definition.ServiceDefinition;
import dev.restate.sdk.endpoint.definition.ServiceDefinitionFactories;
import fixtures.RetryingStep;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link DurableSteps#run} lifts a step's attempt bound for a failure that asks for it by
 * changing the policy object it passed to {@code ctx.run}; that works because SDK 2.4.1
 * decides whether to retry after the action has thrown, from that same object. These run
 * the SDK's own {@code ctx.run} and see which policy reaches its decision: they fail
 * loudly when an SDK upgrade copies the policy earlier — then an order whose partner
 * refused our credentials would be voided or refunded after three attempts instead of
 * waiting for an operator.
 */
class DurableStepsTest {

	@Test
	void aFailureAskingForItReachesTheSdksDecisionWithTheAttemptBoundLifted() throws Exception {
		Decision decision = failOnce("unbounded");

		assertThat(decision.failure()).isInstanceOf(RetryingStep.Failure.class);
		assertThat(decision.policy().getMaxAttempts()).as("retried without bound").isNull();
		assertThat(decision.policy().getMaxDelay()).as("at the waiting pace")
			.isEqualTo(RetryingStep.WAITING.getMaxDelay());
		assertThat(decision.policy().getInitialDelay()).isEqualTo(RetryingStep.THREE_ATTEMPTS.getInitialDelay());
		assertThat(RetryingStep.THREE_ATTEMPTS.getMaxAttempts()).as("the shared policy untouched").isEqualTo(3);
	}

	@Test
	void anyOtherFailureKeepsTheStepsAttempts() throws Exception {
		Decision decision = failOnce("bounded");

		assertThat(decision.policy().getMaxAttempts()).isEqualTo(3);
		assertThat(decision.policy().getMaxDelay()).isEqualTo(RetryingStep.THREE_ATTEMPTS.getMaxDelay());
		assertThat(decision.policy()).isNotSameAs(RetryingStep.THREE_ATTEMPTS);
	}

	/** What the SDK's run completer was handed when the step's action failed. */
	private record Decision(Throwable failure, RetryPolicy policy) {
	}

	/**
	 * Runs the handler on the SDK's generated definition with a handler context whose
	 * {@code submitRun} hands the SDK's run closure a completer that records the
	 * decision's inputs, then ends the invocation.
	 */
	@SuppressWarnings("unchecked")
	private static Decision failOnce(String mode) throws Exception {
		CompletableFuture<Decision> decision = new CompletableFuture<>();
		HandlerContext.RunCompleter completer = new HandlerContext.RunCompleter() {

			@Override
			public void proposeSuccess(Slice toWrite) {
				decision.completeExceptionally(new AssertionError("the step succeeded"));
			}

			@Override
			public void proposeFailure(Throwable toWrite, RetryPolicy retryPolicy) {
				decision.complete(new Decision(toWrite, retryPolicy));
			}

		};
		ServiceDefinition definition = ServiceDefinitionFactories.discover(new RetryingStep())
			.create(new RetryingStep(), null);
		HandlerDefinition<String, String> handler = (HandlerDefinition<String, String>) definition.getHandler("run");
		CompletableFuture<Slice> ended = handler.getRunner()
			.run(SdkHandlerContext.of("RetryingStep/run", null, "\"" + mode + "\"", Map.of("submitRun", (args) -> {
				((Consumer<HandlerContext.RunCompleter>) args[1]).accept(completer);
				// the invocation ends once the decision's inputs are seen
				return decision.thenApply((seen) -> {
					throw new CompletionException(new IllegalStateException("ended by the test"));
				});
			})), handler.getRequestSerde(), handler.getResponseSerde(), new AtomicReference<>());
		Decision seen = decision.get(10, TimeUnit.SECONDS);
		assertThat(ended).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().isNotNull();
		return seen;
	}

}
