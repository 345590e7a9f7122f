package dev.observableorders.payment;

public record PaymentDecision(boolean approved, String reference) {

	public static PaymentDecision approved(String reference) {
		return new PaymentDecision(true, reference);
	}

	public static PaymentDecision declined(String reason) {
		return new PaymentDecision(false, reason);
	}

}
