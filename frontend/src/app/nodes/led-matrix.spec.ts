import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { LedRowLegend } from '../api/manager-api.types';
import { LedMatrix } from './led-matrix';

const LEGEND: LedRowLegend[] = [
  { row: 0, label: 'Containers', meaning: 'One LED per running container' },
  { row: 1, label: 'CPU', meaning: 'CPU use: one LED per 12.5 %' },
  { row: 6, label: 'Heartbeat / data', meaning: 'A stepping dot' },
];

async function render(rows: number[], identifying = false): Promise<ComponentFixture<LedMatrix>> {
  const fixture = TestBed.createComponent(LedMatrix);
  fixture.componentRef.setInput('rows', rows);
  fixture.componentRef.setInput('legend', LEGEND);
  fixture.componentRef.setInput('identifying', identifying);
  await fixture.whenStable();
  return fixture;
}

function litCells(fixture: ComponentFixture<LedMatrix>): string[] {
  const circles = [...(fixture.nativeElement as HTMLElement).querySelectorAll('circle.lit')];
  return circles.map((circle) => `${circle.getAttribute('data-row')},${circle.getAttribute('data-column')}`);
}

describe('LedMatrix', () => {
  it('draws 64 LEDs, lighting exactly the bits of each row: bit x = column x, row 0 at the top', async () => {
    // Row 0: 3 containers (bits 0-2); row 1: bit 7 only; row 3: columns 1 and 3; row 7: all eight.
    const fixture = await render([0b0000_0111, 0b1000_0000, 0, 0b0000_1010, 0, 0, 0, 0b1111_1111]);
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelectorAll('circle')).toHaveLength(64);
    expect(litCells(fixture)).toEqual([
      '0,0', '0,1', '0,2',
      '1,7',
      '3,1', '3,3',
      '7,0', '7,1', '7,2', '7,3', '7,4', '7,5', '7,6', '7,7',
    ]);
  });

  it('places row 0 above row 7 and column 0 left of column 7', async () => {
    const fixture = await render([1, 0, 0, 0, 0, 0, 0, 128]);
    const [topLeft, bottomRight] = [...(fixture.nativeElement as HTMLElement).querySelectorAll('circle.lit')];
    expect(Number(topLeft!.getAttribute('cy'))).toBeLessThan(Number(bottomRight!.getAttribute('cy')));
    expect(Number(topLeft!.getAttribute('cx'))).toBeLessThan(Number(bottomRight!.getAttribute('cx')));
  });

  it('lists the legend beside the matrix with each row\'s lit count, and says it in words for screen readers', async () => {
    const fixture = await render([0b0000_0111, 0b0000_0001, 0, 0, 0, 0, 0b1000_0001, 0]);
    const element = fixture.nativeElement as HTMLElement;
    const items = [...element.querySelectorAll('.legend li')].map((item) =>
      [...item.querySelectorAll('span')].map((part) => part.textContent!.trim()).join(' '),
    );
    expect(items).toEqual([
      '0 Containers 3/8',
      '1 CPU 1/8',
      '2 Row 2 0/8',
      '3 Row 3 0/8',
      '4 Row 4 0/8',
      '5 Row 5 0/8',
      '6 Heartbeat / data 2/8',
      '7 Row 7 0/8',
    ]);
    expect(element.querySelector('svg')!.getAttribute('aria-label')).toContain('Containers: 3 of 8 lit; CPU: 1 of 8 lit');
  });

  it('redraws when a new frame arrives', async () => {
    const fixture = await render([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(litCells(fixture)).toEqual([]);
    fixture.componentRef.setInput('rows', [0b11, 0, 0, 0, 0, 0, 0, 0]);
    await fixture.whenStable();
    expect(litCells(fixture)).toEqual(['0,0', '0,1']);
  });

  it('blinks the whole matrix while the board identifies itself', async () => {
    const fixture = await render(new Array(8).fill(255), true);
    expect((fixture.nativeElement as HTMLElement).querySelector('.matrix')!.classList).toContain('identifying');
  });
});
