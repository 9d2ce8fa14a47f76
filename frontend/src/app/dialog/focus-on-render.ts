import { Directive, ElementRef, afterNextRender, inject } from '@angular/core';

/** Moves focus to the element once it is on screen (the autofocus attribute only works on page load). */
@Directive({ selector: '[tsFocusOnRender]' })
export class FocusOnRender {
  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef);
    afterNextRender(() => element.nativeElement.focus());
  }
}
