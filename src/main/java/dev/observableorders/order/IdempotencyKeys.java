package dev.observableorders.order;

/**
 * The idempotency keys of one order's effects, derived from the order id alone: every
 * attempt of every invocation for the order — a retry, a replay, a resubmission after an
 * operator killed or cancelled the previous invocation — reaches the gateway and the
 * warehouse with the same keys, so each effect happens once per order. Each effect has
 * its own key, because a gateway answers a repeated key with the first answer.
 *
 * <p>
 * Order ids are validated to letters, digits and {@code . _ : @ -}, so the keys are safe
 * in a header and in a URL path; the fixed suffix keeps keys of different effects apart.
 *
 * @param charge {@code order:<id>:charge}, the charge; the void names the charge by it
 * @param refund {@code order:<id>:refund}, the refund of that charge
 * @param voiding {@code order:<id>:void}, the void of that charge
 * @param fulfillment {@code order:<id>:fulfillment}, the hand-over to the warehouse
 */
record IdempotencyKeys(String charge, String refund, String voiding, String fulfillment) {

	static IdempotencyKeys of(String orderId) {
		String prefix = "order:" + orderId + ":";
		return new IdempotencyKeys(prefix + "charge", prefix + "refund", prefix + "void", prefix + "fulfillment");
	}

}
