package dev.observableorders.order;

/**
 * The idempotency keys of one order's effects, derived from the order alone: every
 * attempt of every invocation for the order — a retry, a replay, a resubmission after an
 * operator killed or cancelled the previous invocation — reaches the gateway and the
 * warehouse with the same keys, so each effect happens once per order. Each effect has
 * its own key, because a partner answers a repeated key with the first answer.
 *
 * <p>
 * The scheme is {@code <prefix>order:<id>:<effect>}. The prefix
 * ({@code orders.idempotency-key-prefix}, one per environment and partner account) keeps
 * a wiped Restate or a test stack sharing a partner account from meeting old answers
 * under a reused order id; it is stored with the accepted order, so changing the setting
 * never changes the keys of an order already in flight. Order ids and prefixes are
 * validated to letters, digits and {@code . _ : @ -}, so the keys are safe in a header
 * and in a URL path; the fixed suffix keeps keys of different effects apart.
 *
 * @param charge {@code …order:<id>:charge}, the charge; the void names the charge by it
 * @param refund {@code …order:<id>:refund}, the refund of that charge
 * @param voiding {@code …order:<id>:void}, the void of that charge
 * @param fulfillment {@code …order:<id>:fulfillment}, the hand-over to the warehouse; the
 * cancel names the hand-over by it
 * @param cancel {@code …order:<id>:cancel}, the cancel of that hand-over
 */
record IdempotencyKeys(String charge, String refund, String voiding, String fulfillment, String cancel) {

	/**
	 * @param keyPrefix the prefix the order was accepted with; null for none
	 */
	static IdempotencyKeys of(String keyPrefix, String orderId) {
		String prefix = ((keyPrefix != null) ? keyPrefix : "") + "order:" + orderId + ":";
		return new IdempotencyKeys(prefix + "charge", prefix + "refund", prefix + "void", prefix + "fulfillment",
				prefix + "cancel");
	}

}
