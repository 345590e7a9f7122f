package dev.observableorders.restate.invocation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.restate.sdk.common.InvocationId;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Bridges Restate's invocation context into the SLF4J MDC and drops lines emitted while a
 * journal is replayed (they were written by the attempt that first ran that code).
 *
 * <p>
 * The SDK publishes {@code restateInvocationId} and {@code restateInvocationTarget} only
 * to Log4j2-core and Vert.x contextual data, never to SLF4J, and it runs handler code on
 * its own threads. A turbo filter sees every logging call on the calling thread before
 * the event is built, so it can set the keys there, and they are captured even by
 * asynchronous appenders. Installed from logback-spring.xml.
 *
 * <p>
 * Turbo filters run before Logback's level check, for every call, including the SDK's
 * many disabled debug and trace calls and every {@code isDebugEnabled()}: so a disabled
 * call returns at once, and the invocation id is formatted once per invocation and
 * thread, not once per line.
 */
public class InvocationMdcFilter extends TurboFilter {

	public static final String INVOCATION_ID = "restateInvocationId";

	public static final String INVOCATION_TARGET = "restateInvocationTarget";

	/** The invocation whose id this thread's MDC holds. */
	private static final ThreadLocal<InvocationId> IN_MDC = new ThreadLocal<>();

	@Override
	public void start() {
		InvocationPhase.verifyAvailable();
		super.start();
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level != null && !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
			// disabled: Logback drops it after this; nothing to set or deny
			return FilterReply.NEUTRAL;
		}
		HandlerContext context = InvocationPhase.current();
		if (context == null) {
			if (IN_MDC.get() != null) {
				IN_MDC.remove();
				MDC.remove(INVOCATION_ID);
				MDC.remove(INVOCATION_TARGET);
			}
			return FilterReply.NEUTRAL;
		}
		if (InvocationPhase.isReplaying()) {
			return FilterReply.DENY;
		}
		InvocationId invocationId = context.request().invocationId();
		if (IN_MDC.get() != invocationId || MDC.get(INVOCATION_ID) == null) {
			MDC.put(INVOCATION_ID, invocationId.toString());
			MDC.put(INVOCATION_TARGET, InvocationPhase.target(context));
			IN_MDC.set(invocationId);
		}
		return FilterReply.NEUTRAL;
	}

}
