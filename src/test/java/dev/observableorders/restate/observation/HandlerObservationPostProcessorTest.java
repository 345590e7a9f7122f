package dev.observableorders.restate.observation;

import dev.observableorders.restate.invocation.SdkHandlerContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restate.common.Slice;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import dev.restate.sdk.endpoint.definition.HandlerDefinition;
import dev.restate.sdk.endpoint.definition.ServiceDefinition;
import dev.restate.sdk.endpoint.definition.ServiceDefinitionFactories;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import fixtures.ObservedGreeter;
import org.slf4j.MDC;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * {@link HandlerObservationPostProcessor} relies on how SDK 2.4.1's generated code binds
 * a component: the definition factory is found with {@code instanceof} and calls the
 * bound object's method on a thread where the SDK has set the handler context. These run
 * that generated code on a proxied component and fail loudly when an SDK upgrade changes
 * it: then handlers would run without spans, log fields or in-flight counts.
 */
class HandlerObservationPostProcessorTest {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final HandlerObservationPostProcessor attempts;

	HandlerObservationPostProcessorTest() {
		this.registry.observationConfig().observationHandler(new AttemptLogFields());
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				HandlerObservationPostProcessorTest.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("registry", this.registry));
		this.attempts = new HandlerObservationPostProcessor(beans.getBeanProvider(ObservationRegistry.class));
	}

	@Test
	void theSdksGeneratedDefinitionBindsTheProxyAndCallsItOnTheHandlerThread() throws Exception {
		ObservedGreeter greeter = new ObservedGreeter();
		greeter.attempts = this.attempts::running;
		Object bound = this.attempts.postProcessAfterInitialization(greeter, "greeter");

		assertThat(bound).isInstanceOf(ObservedGreeter.class).isNotSameAs(greeter);
		ServiceDefinition definition = ServiceDefinitionFactories.discover(bound).create(bound, null);
		String answer = run(definition.getHandler("greet"), "Ada");

		assertThat(answer).isEqualTo("\"hello Ada\"");
		assertThat(greeter.logFieldSeen).as("the describer's log field, in the MDC while the handler runs")
			.isEqualTo("key-1");
		assertThat(greeter.runningSeen).as("the attempt counted while it runs").isEqualTo(1);
		assertThat(this.attempts.running("ObservedGreeter/greet")).isZero();
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo(HandlerAttempt.ATTEMPT);
			assertThat(context.getContextualName()).isEqualTo("greet");
			assertThat(context.getLowCardinalityKeyValue("restate.target").getValue())
				.isEqualTo("ObservedGreeter/greet");
			assertThat(context.getHighCardinalityKeyValue("greeting.key").getValue()).isEqualTo("key-1");
			assertThat(context.getError()).isNull();
		});
		assertThat(MDC.get("greetingKey")).as("nothing left behind on this thread").isNull();
	}

	@Test
	void aFailedAnswerMarksTheAttemptFailed() throws Exception {
		Object bound = this.attempts.postProcessAfterInitialization(new ObservedGreeter(), "greeter");
		ServiceDefinition definition = ServiceDefinitionFactories.discover(bound).create(bound, null);

		run(definition.getHandler("greet"), "nobody");

		assertThat(this.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getError()).hasMessage("no one to greet"));
	}

	@Test
	void beansThatAreNoRestateComponentsStayAsTheyAre() {
		Object plain = new Object();

		assertThat(this.attempts.postProcessAfterInitialization(plain, "plain")).isSameAs(plain);
	}

	/** Runs a handler the way the SDK's state machine does, with a handler context. */
	@SuppressWarnings("unchecked")
	private static String run(HandlerDefinition<?, ?> handler, String input) throws Exception {
		HandlerDefinition<String, String> typed = (HandlerDefinition<String, String>) handler;
		HandlerContext context = SdkHandlerContext.of("ObservedGreeter/greet", "key-1", "\"" + input + "\"", Map.of());
		Slice output = typed.getRunner()
			.run(context, typed.getRequestSerde(), typed.getResponseSerde(), new AtomicReference<>())
			.get(10, TimeUnit.SECONDS);
		return new String(output.toByteArray());
	}

}
