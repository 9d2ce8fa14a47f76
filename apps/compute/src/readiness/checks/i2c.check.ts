import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

/** The LED chip answers on its bus (or the node was told it has none). */
export const I2C_CHECK: ReadinessCheck = {
  name: 'i2c',
  run(context) {
    const device = context.led();
    if (!device.enabled) return passed('LED_ENABLED=false: this node does not use an LED matrix');
    const where = `the HT16K33 at ${device.address} on I2C bus ${device.bus}`;
    if (device.connected) return passed(`${where} answers and shows the frame`);
    return failed(
      device.lastError ?? `${where} has not answered yet`,
      `enable I2C (sudo raspi-config nonint do_i2c 0, then reboot), check the wiring, and look for the chip with i2cdetect -y ${device.bus} (I2C_BUS and LED_ADDRESS say where the node looks); set LED_ENABLED=false on a board without a matrix`,
    );
  },
};
