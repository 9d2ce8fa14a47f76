import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidatorConstraint,
  Validate,
  ValidateNested,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { FlagField, NumberField, ObjectField, OneOfField, TextField, TimestampField, WholeNumberListField } from './answer-fields.js';

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

/** Most legend rows a node may send (the matrix has eight). */
export const MAX_LED_LEGEND_ROWS = 16;

export class LedRowLegendDto {
  @NumberField({ description: 'Row number, 0 = top row as a person sees it', example: 0 }, { min: 0, max: 7, integer: true })
  row!: number;

  @TextField({ example: 'Containers' }, { maxLength: 64 })
  label!: string;

  @TextField({ example: 'One LED per running container, from the left; all eight lit means eight or more' }, { maxLength: 500 })
  meaning!: string;
}

export class LedMountingDto {
  @OneOfField(LED_LAYOUTS, {
    enum: LED_LAYOUTS,
    enumName: 'LedLayout',
    description: 'How the chip is wired to the LED columns (adafruit-backpack: column 0 on bit 7)',
    example: 'adafruit-backpack',
  })
  layout!: LedLayout;

  @OneOfField(LED_ROTATIONS, {
    type: Number,
    enum: LED_ROTATIONS,
    description: 'How far the board is turned clockwise from upright, in degrees',
    example: 0,
  })
  rotation!: LedRotation;

  @FlagField({ description: 'The person sees the board through a mirror or from behind a rear diffuser' })
  mirror!: boolean;
}

export class LedDeviceDto {
  @FlagField({ description: 'False when LED_ENABLED=false: the node never touches the I2C bus' })
  enabled!: boolean;

  @NumberField({ description: 'I2C bus number (/dev/i2c-N)', example: 1 }, { min: 0, max: 255, integer: true })
  bus!: number;

  @TextField(
    { description: 'I2C address of the HT16K33 chip', example: '0x70' },
    { maxLength: 4, pattern: /^0x7[0-7]$/, patternWords: 'an I2C address from 0x70 to 0x77' },
  )
  address!: string;

  @FlagField({ description: 'The chip answered and shows the frame; when false, frames are composed but not shown' })
  connected!: boolean;

  @TextField(
    {
      description: 'The most recent I2C failure and how to fix it (kept after a reconnect); null when none since start-up',
      example: 'HT16K33 at 0x70 on I2C bus 1 (/dev/i2c-1): /dev/i2c-1 does not exist: enable I2C (dtparam=i2c_arm=on) and load the i2c-dev kernel module',
    },
    { maxLength: 2000, nullable: true },
  )
  lastError!: string | null;

  @TimestampField({ description: 'When lastError happened (ISO 8601)' }, { nullable: true })
  lastErrorAt!: string | null;
}

export class LedStatusDto {
  @WholeNumberListField(
    {
      description:
        'What the matrix shows, top row first, as a person sees it after rotation and mirroring: bit x set = column x lit, ' +
        'column 0 leftmost. While identifying, all rows are 255.',
      example: [15, 7, 3, 0, 1, 0, 129, 15],
    },
    { min: 0, max: 255, minItems: 8, maxItems: 8 },
  )
  rows!: number[];

  @ObjectField(() => LedRowLegendDto, { type: [LedRowLegendDto], description: 'What each row means, with the scales this node uses' }, { maxItems: MAX_LED_LEGEND_ROWS })
  @ValidateNested({ each: true })
  @Type(() => LedRowLegendDto)
  legend!: LedRowLegendDto[];

  @NumberField({ description: 'Current brightness, 0 (dimmest) .. 15', example: 8 }, { min: 0, max: LED_MAX_BRIGHTNESS, integer: true })
  brightness!: number;

  @OneOfField(LED_BLINK_RATES, {
    enum: LED_BLINK_RATES,
    enumName: 'LedBlinkRate',
    description: 'Blinking of the whole display',
    example: 'off',
  })
  blink!: LedBlinkRate;

  @FlagField({
    description: 'All LEDs lit and blinking at 2 Hz so a person can find the board (POST /led/identify); blink applies again afterwards',
  })
  identifying!: boolean;

  @ObjectField(() => LedMountingDto, { type: LedMountingDto })
  @ValidateNested()
  @Type(() => LedMountingDto)
  mounting!: LedMountingDto;

  @ObjectField(() => LedDeviceDto, { type: LedDeviceDto })
  @ValidateNested()
  @Type(() => LedDeviceDto)
  device!: LedDeviceDto;

  @TimestampField({ description: 'When the rows were last composed (ISO 8601)' })
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
