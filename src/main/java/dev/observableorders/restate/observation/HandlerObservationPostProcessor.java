package dev.observableorders.restate.observation;

import dev.observableorders.restate.invocation.InvocationPhase;
import dev.restate.sdk.Context;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import dev.restate.sdk.springboot.RestateComponent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import java.lang.reflect.Method;
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
 * {@link AttemptLogFields}), and a count of the attempts running in this process.
 *
 * <p>
 * SDK 2.4.1 has no handler interceptors. Its generated service definition calls the bound
 * object's methods ({@code bindableService::processOrder}) and finds the definition with
 * {@code instanceof}, so a class-based proxy of the component is bound in its place and
 * sees every call, on the thread that runs the handler.
 * {@code HandlerObservationPostProcessorTest} fails if an SDK upgrade changes that.
 */
public class HandlerObservationPostProcessor implements BeanPostProcessor {

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

	HandlerObservationPostProcessor(ObjectProvider<ObservationRegistry> registry) {
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
			Observation observation = Observation.createNotStarted(HandlerAttempt.ATTEMPT, () -> context, registry)
				.contextualName(handler)
				.lowCardinalityKeyValue(HandlerAttempt.TARGET_KEY, target)
				.highCardinalityKeyValue("restate.invocation.id", handlerContext.request().invocationId().toString())
				.highCardinalityKeyValue("restate.invocation.replaying", String.valueOf(InvocationPhase.isReplaying()));
			HandlerAttempt attempt = new HandlerAttempt(registry, observation, context);
			if (this.component instanceof AttemptDescriber describer) {
				describer.describeAttempt(attempt, handler, handlerContext.objectKey(), input);
			}
			AtomicInteger running = HandlerObservationPostProcessor.this.running.computeIfAbsent(target,
					(key) -> new AtomicInteger());
			running.incrementAndGet();
			observation.start();
			HandlerAttempt outer = attempt.enter();
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
				HandlerAttempt.restore(outer);
				observation.stop();
				running.decrementAndGet();
			}
		}

	}

}
