package dev.observableorders.restate.invocation;

import dev.restate.sdk.core.statemachine.InvocationState;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import dev.restate.sdk.endpoint.definition.HandlerRunner;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * What the Restate invocation running on this thread is doing: replaying its journal or
 * making progress. SDK 2.4.1 knows (its Log4j2 context provider reads it) but exposes it
 * only on a package-private interface, so this is the one place that reaches in;
 * {@link #verifyAvailable()} runs at start-up so an SDK upgrade that moves it fails fast
 * instead of silently logging twice.
 */
public final class InvocationPhase {

	private static final String INTERNAL_CONTEXT = "dev.restate.sdk.core.HandlerContextInternal";

	private static final MethodHandle INVOCATION_STATE = internalAccessor("getInvocationState");

	private static final MethodHandle TARGET = internalAccessor("getFullyQualifiedMethodName");

	private InvocationPhase() {
	}

	/**
	 * The handler context of the invocation running on this thread, or null outside
	 * handlers.
	 */
	public static HandlerContext current() {
		return HandlerRunner.HANDLER_CONTEXT_THREAD_LOCAL.get();
	}

	/**
	 * True while the current thread re-executes handler code whose effects the journal
	 * already holds, i.e. on a retry or a resumption. False outside handlers.
	 */
	public static boolean isReplaying() {
		HandlerContext context = current();
		return context != null && invoke(INVOCATION_STATE, context) == InvocationState.REPLAYING;
	}

	public static String target(HandlerContext context) {
		return (String) invoke(TARGET, context);
	}

	static void verifyAvailable() {
		if (INVOCATION_STATE == null || TARGET == null
				|| INVOCATION_STATE.type().returnType() != InvocationState.class) {
			throw new IllegalStateException("The Restate SDK no longer exposes " + INTERNAL_CONTEXT
					+ "; log correlation and replay handling need updating for this SDK version");
		}
	}

	private static Object invoke(MethodHandle handle, HandlerContext context) {
		try {
			return handle.invoke(context);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot read the Restate invocation state", ex);
		}
	}

	private static MethodHandle internalAccessor(String name) {
		try {
			Method method = Class.forName(INTERNAL_CONTEXT).getMethod(name);
			method.setAccessible(true);
			return MethodHandles.lookup().unreflect(method);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
