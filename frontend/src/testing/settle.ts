import type { ComponentFixture } from '@angular/core/testing';

/**
 * Lets every pending promise continuation run (a component's awaited API
 * call finishing), then waits for the change detection they scheduled.
 */
export async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await fixture.whenStable();
}
