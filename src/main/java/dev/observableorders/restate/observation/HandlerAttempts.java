package dev.observableorders.restate.observation;

import dev.observableorders.restate.invocation.InvocationPhase;
import dev.restate.common.function.ThrowingSupplier;
import dev.restate.sdk.Context;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import dev.restate.sdk.springboot.RestateComponent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.context.Scope;
import org.springframework.beans.factory.ObjectProvider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Observes every attempt of every Restate handler, once, around the handler: one
 * {@link Observation} per attempt (a span through the tracing bridge, a timer
 * {@code restate.handler.attempt}, and the attempt's log fields in the MDC through
 * {@link InvocationLogFields}), and a count of the attempts running in this process.
 *
 * <p>
 * SDK 2.4.1 has no handler interceptors. Its generated service definition calls the bound
 * object's methods ({@code bindableService::processOrder}) and finds the definition with
 * {@code instanceof}, so a class-based proxy of the component is bound in its place and
 * sees every call, on the thread that runs the handler. {@code HandlerAttemptsTest} fails
 * if an SDK upgrade changes that.
 */
public class HandlerAttempts implements BeanPostProcessor {

	/** Name of the attempt observation: its timer and the prefix that switches it off. */
	static final String ATTEMPT = "restate.handler.attempt";

	/**
	 * Low-cardinality key of attempts and steps: the handler, as {@code Service/handler}.
	 */
	static final String TARGET_KEY = "restate.target";

	/** Name of the step observation: its timer and the prefix that switches it off. */
	static final String STEP = "restate.handler.step";

	/** Low-cardinality key of steps: the step's name. */
	static final String STEP_KEY = "restate.step";

	private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

	/**
	 * Handler methods, known by their first parameter: the SDK's {@code @Handler} and
	 * {@code @Shared} are kept in source only. Other methods go to the component
	 * unobserved.
	 */
	private static final Pointcut HANDLERS = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return method.getParameterCount() > 0 && Context.class.isAssignableFrom(method.getParameterTypes()[0]);
		}

	};

	/**
	 * Looked up on the first attempt: resolving it while post-processing beans would
	 * create it before Boot has given it its handlers.
	 */
	private final ObjectProvider<ObservationRegistry> registryProvider;

	private volatile ObservationRegistry registry;

	private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

	HandlerAttempts(ObjectProvider<ObservationRegistry> registry) {
		this.registryProvider = registry;
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = this.registry;
		if (registry == null) {
			registry = this.registryProvider.getIfAvailable(() -> ObservationRegistry.NOOP);
			this.registry = registry;
		}
		return registry;
	}

	/**
	 * Attempts of the handler running in this process now.
	 * @param target {@code Service/Handler}, as Restate names it
	 */
	public int running(String target) {
		AtomicInteger count = this.running.get(target);
		return (count != null) ? count.get() : 0;
	}

	/** The attempt the current thread runs, or null outside observed handlers. */
	public static Attempt current() {
		return CURRENT.get();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (AnnotatedElementUtils.findMergedAnnotation(bean.getClass(), RestateComponent.class) == null) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.setProxyTargetClass(true);
		proxy.addAdvisor(new DefaultPointcutAdvisor(HANDLERS, new Interceptor(bean)));
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	private final class Interceptor implements MethodInterceptor {

		private final Object component;

		Interceptor(Object component) {
			this.component = component;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			HandlerContext handlerContext = InvocationPhase.current();
			if (handlerContext == null) {
				return invocation.proceed();
			}
			String target = InvocationPhase.target(handlerContext);
			String handler = target.substring(target.lastIndexOf('/') + 1);
			Object[] arguments = invocation.getArguments();
			Object input = (arguments.length > 1) ? arguments[1] : null;
			AttemptContext context = new AttemptContext(target);
			ObservationRegistry registry = registry();
			Observation observation = Observation.createNotStarted(ATTEMPT, () -> context, registry)
				.contextualName(handler)
				.lowCardinalityKeyValue(TARGET_KEY, target)
				.highCardinalityKeyValue("restate.invocation.id", handlerContext.request().invocationId().toString())
				.highCardinalityKeyValue("restate.invocation.replaying", String.valueOf(InvocationPhase.isReplaying()));
			Attempt attempt = new Attempt(registry, observation, context);
			if (this.component instanceof AttemptDescriber describer) {
				describer.describeAttempt(attempt, handler, handlerContext.objectKey(), input);
			}
			AtomicInteger running = HandlerAttempts.this.running.computeIfAbsent(target, (key) -> new AtomicInteger());
			running.incrementAndGet();
			observation.start();
			Attempt outer = CURRENT.get();
			CURRENT.set(attempt);
			try (Observation.Scope scope = observation.openScope()) {
				Object answer = invocation.proceed();
				if (this.component instanceof AttemptDescriber describer) {
					describer.describeAnswer(attempt, handler, answer);
				}
				return answer;
			}
			catch (Throwable ex) {
				observation.error(ex);
				throw ex;
			}
			finally {
				restore(outer);
				observation.stop();
				running.decrementAndGet();
			}
		}

		private static void restore(Attempt outer) {
			if (outer == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(outer);
			}
		}

	}

	/**
	 * What one handler attempt carries: its observation, and the log fields every line of
	 * the attempt and of its steps shows.
	 */
	public static final class Attempt {

		private final ObservationRegistry registry;

		private final Observation observation;

		private final AttemptContext context;

		private final long startNanos = System.nanoTime();

		private Attempt(ObservationRegistry registry, Observation observation, AttemptContext context) {
			this.registry = registry;
			this.observation = observation;
			this.context = context;
		}

		/** A field on every log line of this attempt (null: none); in the MDC. */
		public Attempt logField(String name, String value) {
			if (value != null) {
				this.context.logFields().put(name, value);
			}
			return this;
		}

		/** An attribute of this attempt's span (never a meter tag: it may be an id). */
		public Attempt spanAttribute(String name, String value) {
			if (value != null) {
				this.observation.highCardinalityKeyValue(name, value);
			}
			return this;
		}

		/**
		 * Marks the attempt failed although the handler answered: its answer is a failure
		 * the caller must see.
		 */
		public void failed(String description) {
			this.observation.error(new FailedAnswer(description));
		}

		/** Time since this attempt began. */
		public Duration sinceStart() {
			return Duration.ofNanos(System.nanoTime() - this.startNanos);
		}

		/**
		 * The action, observed as one of this attempt's durable steps whenever it runs: a
		 * span that is a child of the attempt's, a timer {@code restate.handler.step},
		 * the attempt's log fields on its lines (the SDK runs steps on other threads than
		 * the handler) and its failure recorded.
		 */
		public <T> ThrowingSupplier<T> step(String name, ThrowingSupplier<T> action) {
			return () -> {
				// The SDK makes Restate's trace context current on the step's thread, and
				// the tracing bridge prefers a current span to the parent observation's:
				// without this, the step's span would be a sibling of the attempt's.
				try (Scope restateContext = io.opentelemetry.context.Context.root().makeCurrent()) {
					return observeStep(name, action);
				}
			};
		}

		private <T> T observeStep(String name, ThrowingSupplier<T> action) throws Throwable {
			AttemptContext stepContext = this.context.forStep();
			Observation step = Observation.createNotStarted(STEP, () -> stepContext, this.registry)
				.contextualName(name)
				.parentObservation(this.observation)
				.lowCardinalityKeyValue(TARGET_KEY, stepContext.target())
				.lowCardinalityKeyValue(STEP_KEY, name)
				.start();
			try (Observation.Scope scope = step.openScope()) {
				return action.get();
			}
			catch (Throwable ex) {
				step.error(ex);
				throw ex;
			}
			finally {
				step.stop();
			}
		}

	}

	/**
	 * Stands for a failed answer on the span and the timer's {@code error} tag; no stack
	 * trace, since nothing was thrown.
	 */
	static final class FailedAnswer extends RuntimeException {

		FailedAnswer(String description) {
			super(description, null, false, false);
		}

	}

}
