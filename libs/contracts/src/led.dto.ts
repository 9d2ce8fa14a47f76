import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidatorConstraint,
  Validate,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/*
 * These lists mirror the LED library's own (BLINK_RATES, MATRIX_LAYOUTS, ROTATIONS);
 * contracts stay free of hardware code, and a compute test checks the two agree.
 */
export const LED_BLINK_RATES = ['off', '2Hz', '1Hz', '0.5Hz'] as const;
export type LedBlinkRate = (typeof LED_BLINK_RATES)[number];

export const LED_LAYOUTS = ['adafruit-backpack', 'straight'] as const;
export type LedLayout = (typeof LED_LAYOUTS)[number];

export const LED_ROTATIONS = [0, 90, 180, 270] as const;
export type LedRotation = (typeof LED_ROTATIONS)[number];

export const LED_MAX_BRIGHTNESS = 15;
export const LED_IDENTIFY_DEFAULT_SECONDS = 5;
export const LED_IDENTIFY_MAX_SECONDS = 60;

const BLINK_LIST = LED_BLINK_RATES.join(', ');

export class LedRowLegendDto {
  @ApiProperty({ type: 'integer', description: 'Row number, 0 = top row as a person sees it', minimum: 0, maximum: 7, example: 0 })
  row!: number;

  @ApiProperty({ example: 'Containers' })
  label!: string;

  @ApiProperty({ example: 'One LED per running container, from the left; all eight lit means eight or more' })
  meaning!: string;
}

export class LedMountingDto {
  @ApiProperty({
    enum: LED_LAYOUTS,
    enumName: 'LedLayout',
    description: 'How the chip is wired to the LED columns (adafruit-backpack: column 0 on bit 7)',
    example: 'adafruit-backpack',
  })
  layout!: LedLayout;

  @ApiProperty({
    type: Number,
    enum: LED_ROTATIONS,
    description: 'How far the board is turned clockwise from upright, in degrees',
    example: 0,
  })
  rotation!: LedRotation;

  @ApiProperty({ description: 'The person sees the board through a mirror or from behind a rear diffuser' })
  mirror!: boolean;
}

export class LedDeviceDto {
  @ApiProperty({ description: 'False when LED_ENABLED=false: the node never touches the I2C bus' })
  enabled!: boolean;

  @ApiProperty({ type: 'integer', description: 'I2C bus number (/dev/i2c-N)', example: 1 })
  bus!: number;

  @ApiProperty({ description: 'I2C address of the HT16K33 chip', pattern: '^0x7[0-7]$', example: '0x70' })
  address!: string;

  @ApiProperty({ description: 'The chip answered and shows the frame; when false, frames are composed but not shown' })
  connected!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The most recent I2C failure and how to fix it (kept after a reconnect); null when none since start-up',
    example: 'HT16K33 at 0x70 on I2C bus 1 (/dev/i2c-1): /dev/i2c-1 does not exist: enable I2C (dtparam=i2c_arm=on) and load the i2c-dev kernel module',
  })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When lastError happened (ISO 8601)' })
  lastErrorAt!: string | null;
}

export class LedStatusDto {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minItems: 8,
    maxItems: 8,
    description:
      'What the matrix shows, top row first, as a person sees it after rotation and mirroring: bit x set = column x lit, ' +
      'column 0 leftmost. While identifying, all rows are 255.',
    example: [15, 7, 3, 0, 1, 0, 129, 15],
  })
  rows!: number[];

  @ApiProperty({ type: [LedRowLegendDto], description: 'What each row means, with the scales this node uses' })
  legend!: LedRowLegendDto[];

  @ApiProperty({ type: 'integer', description: 'Current brightness, 0 (dimmest) .. 15', minimum: 0, maximum: LED_MAX_BRIGHTNESS, example: 8 })
  brightness!: number;

  @ApiProperty({
    enum: LED_BLINK_RATES,
    enumName: 'LedBlinkRate',
    description: 'Blinking of the whole display',
    example: 'off',
  })
  blink!: LedBlinkRate;

  @ApiProperty({
    description: 'All LEDs lit and blinking at 2 Hz so a person can find the board (POST /led/identify); blink applies again afterwards',
  })
  identifying!: boolean;

  @ApiProperty({ type: LedMountingDto })
  mounting!: LedMountingDto;

  @ApiProperty({ type: LedDeviceDto })
  device!: LedDeviceDto;

  @ApiProperty({ description: 'When the rows were last composed (ISO 8601)', format: 'date-time' })
  updatedAt!: string;
}

/** Brightness is optional on its own but one of the two fields must be sent; IsOptional would skip that check. */
@ValidatorConstraint({ name: 'ledBrightness' })
class LedBrightnessConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (value === undefined) return (args.object as UpdateLedDto).blink !== undefined;
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= LED_MAX_BRIGHTNESS;
  }

  defaultMessage(args: ValidationArguments): string {
    return args.value === undefined
      ? `Send brightness (0..${LED_MAX_BRIGHTNESS}), blink (${BLINK_LIST}) or both`
      : `brightness must be a whole number from 0 to ${LED_MAX_BRIGHTNESS} (got ${JSON.stringify(args.value)})`;
  }
}

/** Changes last until the node restarts; LED_BRIGHTNESS sets the brightness at start-up. */
export class UpdateLedDto {
  @ApiPropertyOptional({ type: 'integer', description: '0 (dimmest) .. 15 (brightest)', minimum: 0, maximum: LED_MAX_BRIGHTNESS, example: 4 })
  @Validate(LedBrightnessConstraint)
  brightness?: number;

  @ApiPropertyOptional({ enum: LED_BLINK_RATES, enumName: 'LedBlinkRate', description: 'Blinking of the whole display', example: 'off' })
  @IsOptional()
  @IsIn(LED_BLINK_RATES, { message: `blink must be one of: ${BLINK_LIST}` })
  blink?: LedBlinkRate;
}

export class IdentifyLedDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'How long the whole matrix blinks, in seconds',
    minimum: 1,
    maximum: LED_IDENTIFY_MAX_SECONDS,
    default: LED_IDENTIFY_DEFAULT_SECONDS,
    example: LED_IDENTIFY_DEFAULT_SECONDS,
  })
  @IsOptional()
  @IsInt({ message: 'seconds must be a whole number of seconds' })
  @Min(1, { message: 'seconds must be at least 1' })
  @Max(LED_IDENTIFY_MAX_SECONDS, { message: `seconds must be at most ${LED_IDENTIFY_MAX_SECONDS}` })
  seconds?: number;
}
