import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module, Controller, Get } from '@nestjs/common';
@Controller() class C { @Get() hi() { return { ok: true }; } }
@Module({ controllers: [C] }) class M {}
void NestFactory.create(M).then((app) => app.listen(3999));
