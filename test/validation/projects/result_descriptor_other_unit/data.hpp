#pragma once
int open_data(int part);
